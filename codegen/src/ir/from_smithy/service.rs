//! Steps 6 to 8: the service's metadata completes the botocore model, which the shared
//! lowering turns into the IR; then the paginator and waiter traits are read.

use super::{name_part, Lowering, Paginator, Waiter};
use crate::error::ModelError;
use crate::ir::{from_botocore, Protocol, Service};
use crate::model::botocore::indexmap_like::OrderedMap;
use crate::model::botocore::{self as b};
use crate::model::smithy as s;
use std::collections::HashMap;

impl Lowering<'_> {
    /// Step 6: the botocore model of the service, its metadata read from the service's traits.
    pub(super) fn botocore_model(
        &self,
        operations: Vec<(String, b::Operation)>,
        shapes: Vec<(String, b::Shape)>,
    ) -> Result<b::ServiceModel, ModelError> {
        let (id, traits) = (self.service_id.as_str(), self.service_traits());
        let aws: s::AwsServiceTrait = self
            .trait_value(id, traits, "aws.api#service")?
            .ok_or_else(|| self.err(id, "service without the aws.api#service trait"))?;
        // The ARN namespace defaults to the service shape's name, lower-cased (AWS core spec).
        let endpoint_prefix =
            aws.endpoint_prefix.clone().or(aws.arn_namespace.clone()).unwrap_or_else(|| name_part(id).to_lowercase());
        let sigv4: Option<s::SigV4Trait> = self.trait_value(id, traits, "aws.auth#sigv4")?;
        let xmlns: Option<s::XmlNamespaceTrait> = self.trait_value(id, traits, "smithy.api#xmlNamespace")?;
        let title: Option<String> = self.trait_value(id, traits, "smithy.api#title")?;
        let version = &self.version;
        let uid =
            aws.doc_id.clone().unwrap_or_else(|| format!("{}-{version}", aws.sdk_id.to_lowercase().replace(' ', "-")));
        let (protocol, json_version) = match self.protocol {
            Protocol::Query => ("query", None),
            Protocol::Ec2 => ("ec2", None),
            Protocol::AwsJson1_0 => ("json", Some("1.0")),
            Protocol::AwsJson1_1 => ("json", Some("1.1")),
            Protocol::RestJson1 => ("rest-json", None),
            Protocol::RestXml => ("rest-xml", None),
            Protocol::RpcV2Cbor => ("smithy-rpc-v2-cbor", None),
        };
        // awsJson's `X-Amz-Target` is `{service shape name}.{operation}` (`DynamoDB_20120810`);
        // RPC v2 CBOR's path names the service shape too.
        let target_prefix =
            (json_version.is_some() || self.protocol == Protocol::RpcV2Cbor).then(|| name_part(id).to_string());
        let query_compatible = traits.get("aws.protocols#awsQueryCompatible").map(|_| serde_json::json!({}));
        Ok(b::ServiceModel {
            metadata: b::Metadata {
                api_version: version.clone(),
                endpoint_prefix,
                protocol: protocol.into(),
                service_full_name: title.unwrap_or_else(|| aws.sdk_id.clone()),
                service_id: Some(aws.sdk_id.clone()),
                signing_name: sigv4.map(|s| s.name),
                uid: Some(uid),
                xml_namespace: xmlns.map(|x| x.to_botocore()),
                signature_version: Some("v4".into()),
                json_version: json_version.map(String::from),
                target_prefix,
                aws_query_compatible: query_compatible,
                protocols: vec![protocol.into()],
            },
            operations: OrderedMap::from(operations),
            shapes: OrderedMap::from(shapes),
            documentation: self.trait_value(id, traits, super::shapes::DOCUMENTATION)?,
        })
    }

    /// Step 7: the shared lowering. Everything it checks was checked above against shape ids;
    /// if it still objects, say where in Smithy's terms as well as can be done.
    pub(super) fn lower(&self, boto: &b::ServiceModel) -> Result<Service, ModelError> {
        let name_to_id: HashMap<&str, &str> = self.names.iter().map(|(id, n)| (n.as_str(), id.as_str())).collect();
        from_botocore(self.file, boto).map_err(|e| {
            let mut parts = e.path.splitn(5, '.');
            let at = match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some("shapes" | "operations"), Some(n), key, member) => match (name_to_id.get(n), key, member) {
                    // `shapes.Foo.members.Bar.location` is `ns#Foo$Bar`.
                    (Some(id), Some("members"), Some(m)) => format!("{id}${m}"),
                    (Some(id), _, _) => id.to_string(),
                    (None, _, _) => e.path.clone(),
                },
                _ => e.path.clone(),
            };
            ModelError::new(self.file, at, e.message)
        })
    }

    /// Step 8: `@paginated` (the service's defaults merged in) and `smithy.waiters#waitable`
    /// of each operation, in operation order.
    pub(super) fn paginators_and_waiters(&self) -> Result<(Vec<Paginator>, Vec<Waiter>), ModelError> {
        let defaults: s::PaginatedTrait =
            self.trait_value(&self.service_id, self.service_traits(), "smithy.api#paginated")?.unwrap_or_default();
        let mut paginators = Vec::new();
        let mut waiters = Vec::new();
        for op_id in &self.op_ids {
            let traits = &self.resolved[op_id].traits;
            let name = &self.names[op_id];
            if let Some(p) = self.trait_value::<s::PaginatedTrait>(op_id, traits, "smithy.api#paginated")? {
                let missing =
                    |what: &str| self.err(op_id, format!("@paginated without {what} (here or on the service)"));
                paginators.push(Paginator {
                    operation: name.clone(),
                    input_token: p.input_token.or(defaults.input_token.clone()).ok_or_else(|| missing("inputToken"))?,
                    output_token: p
                        .output_token
                        .or(defaults.output_token.clone())
                        .ok_or_else(|| missing("outputToken"))?,
                    items: p.items.or(defaults.items.clone()),
                    page_size: p.page_size.or(defaults.page_size.clone()),
                });
            }
            if let Some(w) = self.trait_value::<s::WaitableTrait>(op_id, traits, "smithy.waiters#waitable")? {
                for (wname, def) in w.iter() {
                    waiters.push(Waiter {
                        name: wname.clone(),
                        operation: name.clone(),
                        min_delay: def.min_delay.unwrap_or(2),
                        max_delay: def.max_delay.unwrap_or(120),
                        acceptors: def.acceptors.clone(),
                    });
                }
            }
        }
        Ok((paginators, waiters))
    }
}

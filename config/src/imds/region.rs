//! [`ImdsRegionProvider`]: the instance's region, from `/latest/meta-data/placement/region`.

use super::{ImdsClient, ImdsError, ImdsErrorKind};
use crate::ProviderConfig;

const REGION_PATH: &str = "/latest/meta-data/placement/region";

/// The region the EC2 instance runs in.
#[derive(Clone, Debug)]
pub struct ImdsRegionProvider {
    client: Result<ImdsClient, ImdsError>,
}

impl ImdsRegionProvider {
    /// With the client [`ImdsClient::builder`] makes from `config`.
    pub fn new(config: ProviderConfig) -> Self {
        ImdsRegionProvider { client: ImdsClient::builder(config).build() }
    }

    /// With this client (its token shared with the credentials provider, say).
    pub fn with_client(client: ImdsClient) -> Self {
        ImdsRegionProvider { client: Ok(client) }
    }

    /// The region (`us-east-1`): one DNS label of lower-case letters, digits and dashes.
    /// A region chain treats any error as "no region here".
    pub async fn region(&self) -> Result<String, ImdsError> {
        let client = self.client.as_ref().map_err(Clone::clone)?;
        let limit = client.total_timeout();
        let reply = tokio::time::timeout(limit, client.get(REGION_PATH)).await.map_err(|_| {
            let message = format!("{}{REGION_PATH}: no reply within {} ms", client.endpoint(), limit.as_millis());
            ImdsError::new(ImdsErrorKind::Timeout, message)
        })??;
        let region = reply.trim();
        let valid = !region.is_empty()
            && region.len() <= 63
            && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            let shown: String = region.chars().take(63).collect();
            let message = format!("{}{REGION_PATH}: {shown:?} is not a region", client.endpoint());
            return Err(ImdsError::new(ImdsErrorKind::InvalidReply, message));
        }
        Ok(region.to_owned())
    }
}

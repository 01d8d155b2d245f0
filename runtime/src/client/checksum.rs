//! Flexible checksums in the pipeline (`httpChecksum`): which algorithm a request's checksum
//! uses, if any, and a reply's checksum checked against its body.

use super::{unreadable, ClientCore, Reply};
use crate::checksum::{
    self, validate, ChecksumAlgorithm, ChecksumMembers, HttpChecksum, RequestChecksumCalculation,
    ResponseChecksumValidation,
};
use crate::config::config_error;
use crate::error::{InvalidRequestError, SdkError};
use crate::operation::SerializedRequest;
use std::convert::Infallible;

/// What a call's checksum members and trait say, carried through the pipeline.
#[derive(Clone, Copy, Debug)]
pub(super) struct ChecksumCall<'a> {
    pub(super) trait_: Option<HttpChecksum>,
    pub(super) members: ChecksumMembers<'a>,
}

impl ClientCore {
    /// The algorithm of the request's checksum: the one the caller chose, else CRC32 when the
    /// operation requires a checksum or supports one and the configuration says
    /// `WhenSupported`; none when the request already carries an `x-amz-checksum-*` header
    /// (the caller gave the value). Also asks for the reply's checksum (the validation-mode
    /// header) when validation is `WhenSupported`.
    pub(super) fn request_checksum(
        &self,
        call: &ChecksumCall<'_>,
        request: &mut SerializedRequest,
    ) -> Result<Option<ChecksumAlgorithm>, SdkError<Infallible>> {
        let Some(trait_) = call.trait_ else { return Ok(None) };
        let calculation = self.config.request_checksum_calculation.clone().map_err(config_error)?;
        let validation = self.config.response_checksum_validation.clone().map_err(config_error)?;
        if let Some(header) = trait_.validation_mode_header {
            let unset = call.members.validation_mode.is_none() && request.header(header).is_none();
            if unset && validation == ResponseChecksumValidation::WhenSupported {
                request.headers.push((header.to_string(), "ENABLED".to_string()));
            }
        }
        let given = |alg: ChecksumAlgorithm| request.header(alg.header_name()).is_some();
        if ChecksumAlgorithm::PREFERENCE.into_iter().any(given) {
            return Ok(None);
        }
        if let Some(name) = call.members.request_algorithm {
            return ChecksumAlgorithm::from_name(name).map(Some).ok_or_else(|| {
                SdkError::InvalidRequest(InvalidRequestError {
                    member: "ChecksumAlgorithm".into(),
                    reason: format!("{name:?} is not a checksum algorithm this client computes"),
                })
            });
        }
        let supported = trait_.request_algorithm_member && calculation == RequestChecksumCalculation::WhenSupported;
        Ok((trait_.request_required || supported).then_some(ChecksumAlgorithm::Crc32))
    }

    /// The reply, its checksum checked when validation applies and it carries one of the
    /// operation's response algorithms: a whole body now (a mismatch is an unreadable reply),
    /// a streaming body as it is read (a mismatch ends it with a `ChecksumMismatch` error). A
    /// checksum header that is not base64 or of the wrong length is an unreadable reply.
    pub(super) fn check_reply<E>(&self, call: &ChecksumCall<'_>, reply: Reply) -> Result<Reply, SdkError<E>> {
        let Some(trait_) = call.trait_ else { return Ok(reply) };
        let asked = call.members.validation_mode.is_some_and(|m| m.eq_ignore_ascii_case("ENABLED"));
        let by_default = self.config.response_checksum_validation == Ok(ResponseChecksumValidation::WhenSupported);
        if !(asked || by_default) {
            return Ok(reply);
        }
        let head = match &reply {
            Reply::Complete(resp) | Reply::Streaming(resp, _) => resp,
        };
        let Some((algorithm, value)) = checksum::reply_checksum(trait_.response_algorithms, &head.headers) else {
            return Ok(reply);
        };
        let expected = checksum::decode_header(algorithm, value).map_err(|e| unreadable(head, e.to_string()))?;
        match reply {
            Reply::Complete(resp) => match validate::check_whole(algorithm, &expected, &resp.body) {
                Ok(()) => Ok(Reply::Complete(resp)),
                Err(why) => Err(unreadable(&resp, why)),
            },
            Reply::Streaming(head, body) => Ok(Reply::Streaming(head, validate::validating(body, algorithm, expected))),
        }
    }
}

//! Issue 12, finding 8: recursive shapes make recursive deserializers, so a reply chose how
//! deep the client recursed; 10,000 levels overflowed the stack. The query output suite's
//! `RecursiveXmlShapes` (two structures that hold each other) is the recursive shape here,
//! parsed through its generated client on a thread with a Tokio worker's 2 MiB stack.

use crate::query_output::suites::recursive_xml_shapes::operation::recursive_xml_shapes::{
    RecursiveXmlShapesInput, RecursiveXmlShapesOutput,
};
use crate::query_output::suites::recursive_xml_shapes::Client;
use crate::support;
use awsgen_runtime::xml::MAX_DEPTH;
use awsgen_runtime::SdkError;

/// A reply whose output nests `levels` structures (`Nested1`, `Nested2`, `Nested1`, ...), each
/// an element below the response and result elements and each holding a string element (its
/// level), so the document is `levels + 3` deep.
fn reply(levels: usize) -> String {
    let mut open = String::new();
    let mut close = Vec::new();
    for level in 0..levels {
        let name = match level {
            0 | 1 => "nested",
            _ if level % 2 == 1 => "nested",
            _ => "recursiveMember",
        };
        open.push_str(&format!("<{name}><{}>{level}</{0}>", if level % 2 == 0 { "foo" } else { "bar" }));
        close.push(format!("</{name}>"));
    }
    close.reverse();
    format!(
        "<RecursiveXmlShapesResponse><RecursiveXmlShapesResult>{open}{}</RecursiveXmlShapesResult>\
         </RecursiveXmlShapesResponse>",
        close.concat()
    )
}

/// How many structures the output nests, counted without recursion.
fn levels(out: &RecursiveXmlShapesOutput) -> usize {
    let mut n = 0;
    let mut next = out.nested.as_ref();
    while let Some(one) = next {
        n += 1;
        let Some(two) = one.nested.as_deref() else { break };
        n += 1;
        next = two.recursive_member.as_deref();
    }
    n
}

/// Calls the operation with this reply on a thread with a 2 MiB stack, the size of a Tokio
/// worker's.
fn call_on_small_stack(body: String) -> Result<RecursiveXmlShapesOutput, SdkError<impl std::fmt::Debug>> {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            support::with_response(200, &[("Content-Type", "text/xml")], &body, |config| async move {
                Client::new(config).call(RecursiveXmlShapesInput {}).await
            })
        })
        .expect("spawn a thread")
        .join()
        .expect("the parse neither panics nor overflows")
}

fn expect_depth_error(levels: usize) {
    match call_on_small_stack(reply(levels)) {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.status, 200);
            assert!(e.reason.contains(&format!("nested more than {MAX_DEPTH} deep")), "{levels}: {}", e.reason);
        }
        other => panic!("{levels} levels: expected a response error, got {:?}", other.map(|o| self::levels(&o))),
    }
}

#[test]
fn a_reply_nested_ten_thousand_deep_is_an_error_not_a_stack_overflow() {
    expect_depth_error(10_000);
}

#[test]
fn a_reply_one_level_past_the_limit_is_an_error() {
    expect_depth_error(MAX_DEPTH - 2);
}

#[test]
fn a_reply_nested_up_to_the_limit_parses() {
    for n in [3, 50, MAX_DEPTH - 3] {
        let out = call_on_small_stack(reply(n)).unwrap_or_else(|e| panic!("{n} levels: {e:?}"));
        assert_eq!(levels(&out), n);
        let deepest = n - 1;
        // The innermost structure carries its level number.
        let mut last = None;
        let mut next = out.nested.as_ref();
        while let Some(one) = next {
            last = one.foo.clone();
            match one.nested.as_deref() {
                Some(two) => {
                    last = two.bar.clone();
                    next = two.recursive_member.as_deref();
                }
                None => break,
            }
        }
        assert_eq!(last, Some(deepest.to_string()));
    }
}

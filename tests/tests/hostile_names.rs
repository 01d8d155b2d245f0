//! A model full of names a generator can trip on (`data/hostile-names/`: keyword operation
//! names, non-ASCII names, structures whose names snake-case alike, helpers whose names
//! overlap through their prefixes) gives a client that compiles (`tests/build.rs` generates it
//! into this crate) and whose same-named types each get their own members on the wire.

// A whole generated client, of which these tests call two operations.
#[allow(dead_code, unused_imports)]
mod hostile {
    include!(concat!(env!("OUT_DIR"), "/hostile_names.rs"));
}

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::replay::form_params;
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::Config;
use awsgen_tests::{ok_xml, ReplayClient};
use hostile::types::{FooBar, FooBarValue, FooBarValue2, Thing, ThingValue};
use hostile::Client;

fn client(reply: &str) -> (Client, ReplayClient) {
    let replay = ReplayClient::new(vec![ok_xml(reply)]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .http_client(replay.clone())
        .endpoint_url("https://hostile.example")
        .retry(RetryConfig::disabled())
        .build();
    (Client::new(config), replay)
}

fn response(op: &str, result: &str) -> String {
    format!(
        "<{op}Response><{op}Result>{result}</{op}Result>\
         <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{op}Response>"
    )
}

#[tokio::test]
async fn a_keyword_operation_is_a_raw_method_in_a_suffixed_module() {
    let (client, replay) = client(&response("Try", ""));
    let _: hostile::operation::try_::TryOutput = client.r#try().send().await.unwrap();
    let sent = form_params(&replay.sent()[0].body);
    assert!(sent.contains(&("Action".to_string(), "Try".to_string())), "{sent:?}");
}

#[tokio::test]
async fn structures_whose_names_snake_case_alike_keep_their_own_members() {
    let reply = response(
        "GetThing",
        "<Thing><Name>upper</Name></Thing><thing><Type>lower</Type></thing>\
         <FooBar><A>a</A></FooBar><foo_bar><B>b</B></foo_bar><Foo-Bar><C>c</C></Foo-Bar>\
         <X><member>x</member></X><ListX><F>f</F></ListX><FlatX><G>g</G></FlatX>\
         <MapX><entry><key>k</key><value><member>v</member></value></entry></MapX>",
    );
    let (client, replay) = client(&reply);
    let out = client
        .get_thing()
        .r#type("t")
        .size("s2")
        .size_2("s")
        .thing(Thing { name: Some("n".into()), ..Default::default() })
        .thing_2(ThingValue { r#type: Some("lower".into()), ..Default::default() })
        .foo_bar(FooBar { a: Some("a".into()) })
        .foo_bar_2(FooBarValue { b: Some("b".into()) })
        .foo_bar_3(FooBarValue2 { c: Some("c".into()) })
        .x_2("x")
        .send()
        .await
        .unwrap();
    assert_eq!(out.thing.and_then(|t| t.name).as_deref(), Some("upper"));
    assert_eq!(out.thing_2.and_then(|t| t.r#type).as_deref(), Some("lower"));
    assert_eq!(out.foo_bar.and_then(|t| t.a).as_deref(), Some("a"));
    assert_eq!(out.foo_bar_2.and_then(|t| t.b).as_deref(), Some("b"));
    assert_eq!(out.foo_bar_3.and_then(|t| t.c).as_deref(), Some("c"));
    assert_eq!(out.x.as_deref(), Some(&["x".to_string()][..]));
    assert_eq!(out.list_x.and_then(|t| t.f).as_deref(), Some("f"));
    assert_eq!(out.flat_x.and_then(|t| t.g).as_deref(), Some("g"));
    assert_eq!(out.map_x.unwrap()["k"], ["v"]);
    let mut sent = form_params(&replay.sent()[0].body);
    sent.sort();
    let expected = [
        ("Action", "GetThing"),
        ("Foo-Bar.C", "c"),
        ("FooBar.A", "a"),
        ("Size", "s"),
        ("Size²", "s2"),
        ("Thing.Name", "n"),
        ("Type", "t"),
        ("Version", "2020-01-01"),
        ("X.member.1", "x"),
        ("foo_bar.B", "b"),
        ("thing.Type", "lower"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(sent, expected);
}

#[tokio::test]
async fn waiters_whose_names_snake_case_alike_are_distinct_methods() {
    let reply = response("GetThing", "<Thing><Name>upper</Name></Thing>");
    let (client, _) = client(&reply);
    let waited = client.wait_until_ready_3().r#type("t").wait(std::time::Duration::from_secs(5)).await.unwrap();
    let out = waited.as_result().unwrap();
    assert_eq!(out.thing.as_ref().and_then(|t| t.name.as_deref()), Some("upper"));
    // The builders of `GetThing` and `Get-Thing` (whose types camel-case alike) are distinct.
    let _: hostile::waiters::GetThingWaiter = client.wait_until_ready();
    let _: hostile::waiters::GetThingWaiterValue = client.wait_until_done();
    let _: hostile::waiters::GetThingWaiterValue = client.wait_until_type();
}

#[tokio::test]
async fn members_named_like_builder_methods_get_suffixed_setters() {
    let reply = response("GetThing", "<X><member>a</member></X>");
    let (client, replay) = client(&reply);
    // `Wait`, `MinDelay`, ... and `IntoPaginator` would otherwise collide with the waiter
    // builder's and the fluent builder's own methods.
    let waiter = client.wait_until_ready().r#type("t").wait_2("w").min_delay_2("1").max_attempts_2("2");
    let _ = waiter.max_delay_2("3").into_paginator_2("p");
    let mut pages = client.get_thing().r#type("t").wait_2("w").into_paginator().items().send();
    assert_eq!(pages.next().await.unwrap().unwrap(), "a");
    let sent = form_params(&replay.sent()[0].body);
    assert!(sent.contains(&("Wait".to_string(), "w".to_string())), "{sent:?}");
}

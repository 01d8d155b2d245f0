//! The runtime's CBOR codec against `minicbor` (divan), on a CloudWatch `GetMetricData` reply:
//! `{"MetricDataResults":[{"Id","Label","Timestamps":[tag 1 epoch seconds...],"Values":[double
//! ...],"StatusCode":"Complete"}, ...]}`, as RPC v2 CBOR sends it (definite
//! lengths), with 10,000 data points over ten results (and 100 over one).
//!
//! Reading into typed values: the generated client's own parser (`awsgen-cloudwatch`'s
//! `GetMetricData::parse_output`, which reads with `awsgen_runtime::cbor::CborReader`) against
//! `minicbor::Decoder` driven by hand-written code into the same types. The fixture is encoded
//! by hand here, by neither codec under test, and both results are checked equal before
//! timing.
//!
//! `cargo bench -p awsgen-tests --bench cbor`.

use awsgen_cloudwatch::operation::get_metric_data::{GetMetricDataInput, GetMetricDataOutput};
use awsgen_cloudwatch::types::{MetricDataResult, StatusCode};
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::{DateTime, Operation};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

/// (results, points per result).
const SIZES: [(usize, usize); 2] = [(1, 100), (10, 1000)];

fn head(out: &mut Vec<u8>, major: u8, arg: u64) {
    let m = major << 5;
    match arg {
        0..=23 => out.push(m | arg as u8),
        24..=0xff => out.extend_from_slice(&[m | 24, arg as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend_from_slice(&(arg as u16).to_be_bytes());
        }
        _ => {
            out.push(m | 26);
            out.extend_from_slice(&(arg as u32).to_be_bytes());
        }
    }
}

fn text(out: &mut Vec<u8>, s: &str) {
    head(out, 3, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn double(out: &mut Vec<u8>, v: f64) {
    out.push(0xfb);
    out.extend_from_slice(&v.to_bits().to_be_bytes());
}

/// The reply body: `results` results of `points` data points each, one a minute.
pub fn fixture(results: usize, points: usize) -> Vec<u8> {
    let mut out = Vec::new();
    head(&mut out, 5, 1);
    text(&mut out, "MetricDataResults");
    head(&mut out, 4, results as u64);
    for r in 0..results {
        head(&mut out, 5, 5);
        text(&mut out, "Id");
        text(&mut out, &format!("m{r}"));
        text(&mut out, "Label");
        text(&mut out, &format!("CPUUtilization i-{r:016x}"));
        text(&mut out, "Timestamps");
        head(&mut out, 4, points as u64);
        for p in 0..points {
            head(&mut out, 6, 1);
            double(&mut out, 1_764_460_800.0 - 60.0 * p as f64);
        }
        text(&mut out, "Values");
        head(&mut out, 4, points as u64);
        for p in 0..points {
            double(&mut out, (p % 97) as f64 * 1.25 + r as f64);
        }
        text(&mut out, "StatusCode");
        text(&mut out, "Complete");
    }
    out
}

fn reply(body: Vec<u8>) -> HttpResponse {
    HttpResponse { status: 200, headers: vec![("smithy-protocol".into(), "rpc-v2-cbor".into())], body }
}

fn read_awsgen(resp: &HttpResponse) -> GetMetricDataOutput {
    <GetMetricDataInput as Operation>::parse_output(resp).expect("the fixture parses")
}

/// The same output with `minicbor`'s pull decoder, written as a generated deserializer would
/// be (definite or indefinite containers, unknown keys skipped, null members unset).
fn read_minicbor(body: &[u8]) -> Result<GetMetricDataOutput, minicbor::decode::Error> {
    use minicbor::data::Type;
    use minicbor::Decoder;
    fn entries(
        d: &mut Decoder<'_>,
        mut each: impl FnMut(&mut Decoder<'_>) -> Result<(), minicbor::decode::Error>,
    ) -> Result<(), minicbor::decode::Error> {
        match d.map()? {
            Some(n) => (0..n).try_for_each(|_| each(d)),
            None => {
                while d.datatype()? != Type::Break {
                    each(d)?;
                }
                d.skip()
            }
        }
    }
    fn items<T>(
        d: &mut Decoder<'_>,
        mut each: impl FnMut(&mut Decoder<'_>) -> Result<T, minicbor::decode::Error>,
    ) -> Result<Vec<T>, minicbor::decode::Error> {
        // A dense list drops null items, as the protocol's (and the generated code's) rules say.
        let mut out = Vec::new();
        let mut item = |d: &mut Decoder<'_>, out: &mut Vec<T>| {
            if matches!(d.datatype()?, Type::Null | Type::Undefined) {
                d.skip()
            } else {
                out.push(each(d)?);
                Ok(())
            }
        };
        match d.array()? {
            Some(n) => {
                for _ in 0..n {
                    item(d, &mut out)?;
                }
            }
            None => {
                while d.datatype()? != Type::Break {
                    item(d, &mut out)?;
                }
                d.skip()?;
            }
        }
        Ok(out)
    }
    fn timestamp(d: &mut Decoder<'_>) -> Result<DateTime, minicbor::decode::Error> {
        if d.datatype()? == Type::Tag {
            d.tag()?;
        }
        // The same conversion and range check as the runtime's reader.
        let v = d.f64()?;
        let whole = v.floor();
        let t = DateTime::from_secs_and_nanos(whole as i64, (((v - whole) * 1e6).round() as u32) * 1000);
        if !v.is_finite() || !t.is_rfc3339_range() {
            return Err(minicbor::decode::Error::message("timestamp out of range"));
        }
        Ok(t)
    }
    let mut d = Decoder::new(body);
    let mut out = GetMetricDataOutput::default();
    entries(&mut d, |d| {
        match d.str()? {
            "MetricDataResults" => {
                out.metric_data_results = Some(items(d, |d| {
                    let mut r = MetricDataResult::default();
                    entries(d, |d| {
                        match d.str()? {
                            "Id" => r.id = Some(d.str()?.to_string()),
                            "Label" => r.label = Some(d.str()?.to_string()),
                            "Timestamps" => r.timestamps = Some(items(d, timestamp)?),
                            "Values" => r.values = Some(items(d, |d| d.f64())?),
                            "StatusCode" => r.status_code = Some(StatusCode::from(d.str()?)),
                            _ => d.skip()?,
                        }
                        Ok(())
                    })?;
                    Ok(r)
                })?)
            }
            _ => d.skip()?,
        }
        Ok(())
    })?;
    Ok(out)
}

#[divan::bench(args = SIZES)]
fn parse_awsgen(bencher: Bencher, (results, points): (usize, usize)) {
    let resp = reply(fixture(results, points));
    let mut expected = read_minicbor(&resp.body).unwrap();
    expected.request_id = None;
    assert_eq!(read_awsgen(&resp), expected);
    bencher.counter(BytesCount::new(resp.body.len())).bench(|| read_awsgen(black_box(&resp)));
}

#[divan::bench(args = SIZES)]
fn parse_minicbor(bencher: Bencher, (results, points): (usize, usize)) {
    let body = fixture(results, points);
    bencher.counter(BytesCount::new(body.len())).bench(|| read_minicbor(black_box(&body)).unwrap());
}

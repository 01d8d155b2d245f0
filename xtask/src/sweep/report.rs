//! The sweep's output: one line per service, totals per protocol, generation time, and the
//! failures grouped by cause; as plain text ([`render`]) and as `SWEEP.md` ([`markdown`]).

use super::Row;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

/// Totals of one protocol.
#[derive(Default)]
struct Totals {
    services: usize,
    supported: bool,
    generated: usize,
    checked: usize,
    compiles: usize,
    warning_free: usize,
    operations: usize,
    omitted: usize,
    lines: usize,
    gen: Duration,
}

fn totals(rows: &[Row]) -> BTreeMap<&str, Totals> {
    let mut out: BTreeMap<&str, Totals> = BTreeMap::new();
    for r in rows {
        let t = out.entry(r.protocol.as_str()).or_default();
        t.services += 1;
        t.supported = r.supported;
        t.generated += usize::from(matches!(r.generated, Some(Ok(()))));
        t.checked += usize::from(r.check.is_some());
        t.compiles += usize::from(r.compiles() == Some(true));
        t.warning_free += usize::from(r.check.as_ref().is_some_and(|c| c.compiles && c.warnings == 0));
        t.operations += r.operations;
        t.omitted += r.omitted;
        t.lines += r.lines;
        t.gen += r.gen_time();
    }
    out
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "NO",
        None => "-",
    }
}

/// The cells of a service's line.
fn cells(r: &Row) -> [String; 10] {
    let generated = match &r.generated {
        None if !r.supported => "unsupported protocol".to_string(),
        None => "-".into(),
        Some(Ok(())) => "yes".into(),
        Some(Err(_)) => "NO".into(),
    };
    let warnings = r.check.as_ref().map_or("-".into(), |c| c.warnings.to_string());
    let check_secs = r.check.as_ref().map_or("-".into(), |c| format!("{:.1}", c.est_secs));
    [
        r.name.clone(),
        r.protocol.clone(),
        r.operations.to_string(),
        r.omitted.to_string(),
        generated,
        yes_no(r.compiles()).into(),
        warnings,
        r.lines.to_string(),
        format!("{:.3}", r.gen_time().as_secs_f64()),
        check_secs,
    ]
}

const HEADER: [&str; 10] =
    ["service", "protocol", "ops", "omitted", "generated", "compiles", "warnings", "lines", "gen s", "check s (est.)"];

/// Failures grouped by cause: the first error with identifiers and places blanked, each group
/// with its services and the first example's error as written.
fn groups<'a>(rows: &'a [Row], pick: impl Fn(&'a Row) -> Option<&'a str>) -> Vec<(String, Vec<&'a str>, &'a str)> {
    let mut by: BTreeMap<String, (Vec<&str>, &str)> = BTreeMap::new();
    for r in rows {
        if let Some(err) = pick(r) {
            by.entry(cause(err)).or_insert_with(|| (Vec::new(), err)).0.push(&r.name);
        }
    }
    let mut out: Vec<_> = by.into_iter().map(|(k, (names, first))| (k, names, first)).collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

/// An error's cause: its text with every `quoted` name blanked, without the place (rustc's
/// `(crates/x/src/a.rs:1)`); a model error keeps only its file and what is wrong (not the JSON path).
fn cause(err: &str) -> String {
    let text = match err.rsplit_once(" (") {
        Some((head, place)) if place.ends_with(')') && place.contains(".rs:") => head,
        _ => err,
    };
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        out.push_str(if i % 2 == 1 { "`…`" } else { part });
    }
    match out.split_once(": ") {
        Some((file, _)) if file.ends_with(".json") => {
            format!("{file}: {}", out.rsplit_once(": ").map_or("", |(_, what)| what))
        }
        _ => out,
    }
}

struct Failures<'a> {
    generation: Vec<(String, Vec<&'a str>, &'a str)>,
    compile: Vec<(String, Vec<&'a str>, &'a str)>,
    warning: Vec<(String, Vec<&'a str>, &'a str)>,
}

fn failures(rows: &[Row]) -> Failures<'_> {
    Failures {
        generation: groups(rows, |r| r.generated.as_ref().and_then(|g| g.as_ref().err()).map(String::as_str)),
        compile: groups(rows, |r| r.check.as_ref().filter(|c| !c.compiles).and_then(|c| c.first_error.as_deref())),
        warning: groups(rows, |r| r.check.as_ref().filter(|c| c.compiles).and_then(|c| c.first_warning.as_deref())),
    }
}

fn examples(names: &[&str]) -> String {
    let shown: Vec<&str> = names.iter().take(3).copied().collect();
    let more = if names.len() > 3 { format!(", … ({} in all)", names.len()) } else { String::new() };
    format!("{}{more}", shown.join(", "))
}

/// Generation time: the per-service phases summed (one thread's worth), the wall time of the
/// whole step as measured, and the CPU time the generating threads used.
fn generation_line(rows: &[Row], wall: Duration, jobs: usize) -> String {
    let done: Vec<&Row> = rows.iter().filter(|r| matches!(r.generated, Some(Ok(())))).collect();
    let sum = |i: usize| done.iter().map(|r| r.phases[i]).sum::<Duration>().as_secs_f64();
    let total = sum(0) + sum(1) + sum(2);
    let cpu = done.iter().filter_map(|r| r.cpu).sum::<Duration>().as_secs_f64();
    let cpu = if cpu > 0.0 { format!("; {cpu:.1} s of CPU on the generating threads") } else { String::new() };
    let build = if cfg!(debug_assertions) { "a debug build of xtask" } else { "a release build of xtask" };
    format!(
        "generation (in memory, formatted) of {} services: {total:.1} s summed over services (load {:.1} s, emit {:.1} s, \
         format {:.1} s); {:.1} s wall on {jobs} threads (measured end to end: reading the models and writing the crates, if written, included){cpu}; {build}",
        done.len(),
        sum(0),
        sum(1),
        sum(2),
        wall.as_secs_f64()
    )
}

/// The compile step's wall time: the batches' times, which the crates' estimates add up to.
fn check_line(rows: &[Row]) -> String {
    let checked: Vec<_> = rows.iter().filter_map(|r| r.check.as_ref()).collect();
    let secs: f64 = checked.iter().map(|c| c.est_secs).sum();
    format!("cargo check of {} crates: {secs:.0} s wall in batches (the runtime's build included)", checked.len())
}

/// The plain-text report `cargo xtask sweep` prints.
pub fn render(rows: &[Row], wall: Duration, jobs: usize, checked: bool) -> String {
    let mut s = String::new();
    let line = |s: &mut String, c: &[String]| {
        let _ = writeln!(
            s,
            "{:<28} {:<10} {:>5} {:>7} {:>9} {:>8} {:>8} {:>8} {:>7} {:>7}",
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]
        );
    };
    line(&mut s, &HEADER.map(String::from));
    for r in rows {
        line(&mut s, &cells(r));
    }
    let _ = writeln!(
        s,
        "\nper protocol: services, generated, compiles (of checked), warning-free, ops, omitted, lines, gen s"
    );
    for (p, t) in totals(rows) {
        let state = if t.supported { "" } else { "  (unsupported protocol)" };
        let _ = writeln!(
            s,
            "  {p:<11} {:>4} {:>4} {:>4}/{:<4} {:>4} {:>6} {:>4} {:>9} {:>7.1}{state}",
            t.services,
            t.generated,
            t.compiles,
            t.checked,
            t.warning_free,
            t.operations,
            t.omitted,
            t.lines,
            t.gen.as_secs_f64()
        );
    }
    let _ = writeln!(s, "{}", generation_line(rows, wall, jobs));
    let _ = writeln!(s, "{}", if checked { check_line(rows) } else { "(--no-check: nothing compiled)".into() });
    let f = failures(rows);
    for (title, list) in [("generation fails", &f.generation), ("does not compile", &f.compile), ("warns", &f.warning)]
    {
        for (_, names, first) in list {
            let _ = writeln!(s, "{title} ({}): {}\n    {first}", names.len(), examples(names));
        }
    }
    s
}

/// `SWEEP.md`: the same facts as [`render`], as Markdown.
pub fn markdown(rows: &[Row], wall: Duration, jobs: usize, checked: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Sweep: every service of botocore {}\n", crate::botocore::BOTOCORE_VERSION);
    let _ = writeln!(
        s,
        "Written by `cargo xtask sweep` (`xtask/src/sweep/`; `cargo run --release -p xtask -- sweep` to generate about twice as fast): each \
         service's latest model with its paginators, waiters and endpoint rule set generated in memory, written to \
         `target/sweep/crates/`, and compiled with `cargo check` in batches sharing one target folder. Generation \
         seconds per service are wall time on a shared machine (the CPU figure below is the steadier one); check \
         seconds per service are the batch's time shared out by lines (an estimate). Services of a protocol awsgen \
         does not generate yet are listed, not generated.\n"
    );
    let _ = writeln!(s, "{}.\n", generation_line(rows, wall, jobs));
    let _ = writeln!(s, "{}.\n", if checked { check_line(rows) } else { "Not compiled (`--no-check`)".into() });
    let _ = writeln!(s, "## Per protocol\n");
    let _ = writeln!(
        s,
        "| protocol | services | generated | compile | warning-free | operations | omitted | lines | gen s |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (p, t) in totals(rows) {
        let name = if t.supported { p.to_string() } else { format!("{p} (unsupported protocol)") };
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} of {} | {} | {} | {} | {} | {:.1} |",
            t.services,
            t.generated,
            t.compiles,
            t.checked,
            t.warning_free,
            t.operations,
            t.omitted,
            t.lines,
            t.gen.as_secs_f64()
        );
    }
    let f = failures(rows);
    let _ = writeln!(s, "\n## Failures, by cause\n");
    let total = f.generation.len() + f.compile.len() + f.warning.len();
    if total == 0 {
        let _ = writeln!(s, "None.");
    }
    for (title, list) in [("Generation fails", &f.generation), ("Does not compile", &f.compile), ("Warns", &f.warning)]
    {
        for (_, names, first) in list {
            let _ = writeln!(s, "- {title} ({}): {}  \n  `{}`", names.len(), examples(names), first.replace('`', "'"));
        }
    }
    let _ = writeln!(s, "\n## Services\n");
    let _ = writeln!(s, "| {} |", HEADER.join(" | "));
    let _ = writeln!(s, "|---|---|---:|---:|---|---|---:|---:|---:|---:|");
    for r in rows {
        let _ = writeln!(s, "| {} |", cells(r).join(" | "));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::check::Checked;

    fn row(name: &str, protocol: &str, generated: Option<Result<(), String>>, check: Option<Checked>) -> Row {
        Row {
            name: name.into(),
            protocol: protocol.into(),
            supported: protocol != "restXml",
            operations: 3,
            omitted: 1,
            generated,
            lines: 100,
            phases: [Duration::from_millis(10); 3],
            cpu: Some(Duration::from_millis(20)),
            check,
        }
    }

    fn failed(err: &str) -> Option<Checked> {
        Some(Checked { compiles: false, first_error: Some(err.into()), ..Checked::default() })
    }

    #[test]
    fn causes_blank_names_places_and_model_paths() {
        assert_eq!(
            cause("error[E0412]: cannot find type `Foo` in this scope (crates/a/src/types.rs:7)"),
            "error[E0412]: cannot find type `…` in this scope"
        );
        assert_eq!(
            cause("paginators-1.json: pagination.GetApis.limit_key: paginator GetApis: `Max` is not an integer member"),
            "paginators-1.json: `…` is not an integer member"
        );
    }

    #[test]
    fn failures_are_grouped_by_cause_and_totals_kept_per_protocol() {
        let ok = Some(Checked {
            compiles: true,
            warnings: 1,
            first_warning: Some("warning: unused `x`".into()),
            ..Default::default()
        });
        let rows = vec![
            row(
                "a",
                "restJson1",
                Some(Ok(())),
                failed("error[E0412]: cannot find type `A` in this scope (src/a.rs:1)"),
            ),
            row(
                "b",
                "restJson1",
                Some(Ok(())),
                failed("error[E0412]: cannot find type `B` in this scope (src/b.rs:2)"),
            ),
            row("c", "awsJson1_0", Some(Err("service-2.json: x: bad".into())), None),
            row("d", "awsJson1_0", Some(Ok(())), ok),
            row("s3", "restXml", None, None),
        ];
        let f = failures(&rows);
        assert_eq!(f.compile.len(), 1, "one cause");
        assert_eq!(f.compile[0].1, vec!["a", "b"]);
        assert_eq!(f.generation[0].1, vec!["c"]);
        assert_eq!(f.warning[0].1, vec!["d"]);
        let t = totals(&rows);
        assert_eq!((t["restJson1"].generated, t["restJson1"].compiles, t["restJson1"].checked), (2, 0, 2));
        assert_eq!((t["awsJson1_0"].generated, t["awsJson1_0"].compiles, t["awsJson1_0"].warning_free), (1, 1, 0));
        assert!(!t["restXml"].supported);
        let text = render(&rows, Duration::from_secs(1), 2, true);
        assert!(text.contains("unsupported protocol") && text.contains("does not compile (2): a, b"));
        assert!(text.contains("generation (in memory, formatted) of 3 services: 0.1 s summed"), "{text}");
        assert!(text.contains("1.0 s wall on 2 threads") && text.contains("0.1 s of CPU"), "{text}");
        let md = markdown(&rows, Duration::from_secs(1), 2, true);
        assert!(md.contains("| restJson1 | 2 | 2 | 0 of 2 | 0 |") && md.contains("Generation fails (1): c"));
    }
}

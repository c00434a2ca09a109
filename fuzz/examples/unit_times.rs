//! Times every unit of a corpus through the core alone: the calls that
//! `parse_bytes` makes on each input (`parse_view`, `parse` and `validate`,
//! lenient and strict), in a release build without the fuzzer's
//! instrumentation, best of `--runs` (5) per unit. The benches' `worst_case`
//! inputs (`benches/inputs/mod.rs`, each checked against its expected
//! result first) are timed with them. Prints the slowest units and their
//! cost per byte beside the docs' payload's (`seed_compact`), so a slow-unit
//! run's corpus can be checked against issue 9's goal (no unit over 10 ms)
//! for the parser itself; `--max-ms N` fails (exit 1) when a unit takes
//! longer than N ms. libFuzzer's own timings of the same corpus include the
//! harness (the reference's JSON tree, the canonical round trip) under ASan
//! and coverage, which cost far more than the parse.
//!
//! ```sh
//! cd fuzz
//! cargo +nightly run --release --example unit_times -- /tmp/slow [--runs 5] [--top 10] [--max-ms 10]
//! ```
use sailor_webhook::Options;
use std::time::{Duration, Instant};

#[path = "../../benches/inputs/mod.rs"]
#[allow(dead_code)]
mod inputs;

/// The six core calls `parse_bytes` makes on one input; their results are
/// kept opaque so that none is optimised away.
fn core_calls(data: &[u8], lenient: &Options, strict: &Options) {
    for o in [lenient, strict] {
        std::hint::black_box(o.parse_view(std::hint::black_box(data)).is_ok());
        std::hint::black_box(o.parse(std::hint::black_box(data)).is_ok());
        std::hint::black_box(o.validate(std::hint::black_box(data)).is_ok());
    }
}

/// The best of `runs` timings of `work`.
fn best(runs: usize, mut work: impl FnMut()) -> Duration {
    (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            work();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut dirs, mut runs, mut top, mut max_ms) = (Vec::new(), 5usize, 10usize, None);
    while let Some(a) = args.next() {
        let mut num = |name: &str| -> usize {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a number"))
        };
        match a.as_str() {
            "--runs" => runs = num("--runs"),
            "--top" => top = num("--top"),
            "--max-ms" => max_ms = Some(num("--max-ms")),
            _ => dirs.push(a),
        }
    }
    if dirs.is_empty() {
        eprintln!("usage: unit_times CORPUS_DIR_OR_FILE... [--runs N] [--top N] [--max-ms N]");
        std::process::exit(2);
    }
    let mut files = Vec::new();
    for d in &dirs {
        let p = std::path::Path::new(d);
        if p.is_dir() {
            for e in std::fs::read_dir(p).expect("read the corpus directory") {
                files.push(e.expect("a directory entry").path());
            }
        } else {
            files.push(p.to_path_buf());
        }
    }
    let seed = inputs::compact(inputs::SEED_PRETTY);
    // The seed is small: time it as 1,000 calls for a steady figure.
    let (lenient, strict) = (Options::new(), Options::new().strict(true));
    let seed_ns = best(5, || {
        for _ in 0..1000 {
            core_calls(&seed, &lenient, &strict);
        }
    })
    .as_nanos() as f64
        / 1000.0;
    let seed_per_byte = seed_ns / seed.len() as f64;
    let bar = progress(files.len());
    let mut rows: Vec<(Duration, usize, String)> = Vec::with_capacity(files.len());
    for input in inputs::worst_case::inputs() {
        assert_eq!(
            lenient.validate(&input.bytes),
            input.expect,
            "worst_case {}: not the expected result",
            input.name
        );
        let name = format!("worst_case/{}", input.name);
        let time = best(runs, || core_calls(&input.bytes, &lenient, &strict));
        rows.push((time, input.bytes.len(), name));
    }
    for (k, f) in files.iter().enumerate() {
        let data = std::fs::read(f).expect("read a unit");
        let time = best(runs, || core_calls(&data, &lenient, &strict));
        rows.push((time, data.len(), f.display().to_string()));
        bar(k + 1);
    }
    eprintln!();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    println!(
        "{} units, best of {runs} per unit; seed_compact ({} B): {:.1} us, {:.2} ns/B",
        rows.len(),
        seed.len(),
        seed_ns / 1000.0,
        seed_per_byte
    );
    println!(
        "{:>10} {:>8} {:>8} {:>9}  unit",
        "us", "bytes", "ns/B", "x seed/B"
    );
    for (t, len, name) in rows.iter().take(top) {
        let ns = t.as_nanos() as f64;
        let per = ns / (*len).max(1) as f64;
        println!(
            "{:>10.1} {:>8} {:>8.2} {:>9.2}  {name}",
            ns / 1000.0,
            len,
            per,
            per / seed_per_byte
        );
    }
    // Per byte, over the units big enough for a steady figure (>= 1 KiB).
    if let Some((t, len, name)) = rows.iter().filter(|r| r.1 >= 1024).max_by(|a, b| {
        let pa = a.0.as_nanos() as f64 / a.1 as f64;
        let pb = b.0.as_nanos() as f64 / b.1 as f64;
        pa.total_cmp(&pb)
    }) {
        let per = t.as_nanos() as f64 / *len as f64;
        println!(
            "costliest per byte (units >= 1 KiB): {per:.2} ns/B = {:.2}x seed, {len} B, {name}",
            per / seed_per_byte
        );
    }
    if let Some(ms) = max_ms {
        let limit = Duration::from_millis(ms as u64);
        let over: Vec<_> = rows.iter().filter(|r| r.0 > limit).collect();
        if !over.is_empty() {
            eprintln!("{} unit(s) over {ms} ms:", over.len());
            for (t, len, name) in &over {
                eprintln!("  {:.1} ms  {len} B  {name}", t.as_secs_f64() * 1000.0);
            }
            std::process::exit(1);
        }
        println!("no unit over {ms} ms");
    }
}

/// A progress line on stderr for long corpora (a terminal only).
fn progress(total: usize) -> impl Fn(usize) {
    use std::io::IsTerminal;
    let tty = std::io::stderr().is_terminal();
    move |done| {
        if tty && (done % 100 == 0 || done == total) {
            eprint!("\rtimed {done}/{total} units");
        }
    }
}

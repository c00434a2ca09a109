//! A fixed amount of work per function, for `scripts/instructions.sh` to
//! count under callgrind: `instructions FUNCTION CALLS` parses the
//! `seed_compact` input (the docs' payload without whitespace, as in
//! `benches/parse.rs`) `CALLS` times with one function and checks every
//! result. The script runs it with N and 2N calls, so the difference is N
//! calls and the start-up cost cancels.
//!
//! FUNCTION is one of `parse`, `parse_view`, `validate` (sailor-webhook),
//! `serde_json_owned`, `serde_json_borrowed`, `serde_json_core` (the peers
//! of `benches/parse.rs`, through the same mirror structs).
//!
//! `instructions worst_case INPUT CALLS` runs `validate` on one of the
//! `worst_case` inputs of `benches/parse.rs` (by name) and checks its exact
//! result; `instructions worst_case list` prints their names and sizes.

use std::hint::black_box;
use std::process::ExitCode;

#[allow(dead_code)] // the peers' fields are filled, not read, here
mod peers;
use peers::{sj_borrowed, sj_owned, sjc};

mod inputs;
use inputs::{compact, worst_case, SEED_PRETTY};

/// One call on `input`: true when it gives the expected result (every
/// function must accept the input and read the docs' outcome name).
type Call = fn(&[u8]) -> bool;

fn parse(input: &[u8]) -> bool {
    sailor_webhook::parse(input).is_ok_and(|e| black_box(&e).outcome.outcome_name == "Interested")
}

fn parse_view(input: &[u8]) -> bool {
    sailor_webhook::parse_view(input)
        .is_ok_and(|v| black_box(&v).outcome.outcome_name == "Interested")
}

fn validate(input: &[u8]) -> bool {
    black_box(sailor_webhook::validate(input)).is_ok()
}

fn serde_json_owned(input: &[u8]) -> bool {
    serde_json::from_slice::<sj_owned::Payload>(input)
        .is_ok_and(|p| black_box(&p).outcome.outcome_name == "Interested")
}

fn serde_json_borrowed(input: &[u8]) -> bool {
    serde_json::from_slice::<sj_borrowed::Payload<'_>>(input)
        .is_ok_and(|p| black_box(&p).outcome.outcome_name == "Interested")
}

fn serde_json_core(input: &[u8]) -> bool {
    sjc::parse(input).is_ok_and(|p| black_box(&p).outcome.outcome_name == "Interested")
}

/// The functions, by the name the script passes.
const FUNCTIONS: [(&str, Call); 6] = [
    ("parse", parse),
    ("parse_view", parse_view),
    ("validate", validate),
    ("serde_json_owned", serde_json_owned),
    ("serde_json_borrowed", serde_json_borrowed),
    ("serde_json_core", serde_json_core),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` runs every bench target with `--bench`, and `cargo test
    // --benches` with no arguments: nothing to do here.
    if args.is_empty() || args.iter().any(|a| a == "--bench") {
        return ExitCode::SUCCESS;
    }
    if args.first().map(String::as_str) == Some("worst_case") {
        return worst_case_run(&args[1..]);
    }
    let (Some(&(name, function)), Some(Ok(calls)), 2) = (
        args.first()
            .and_then(|a| FUNCTIONS.iter().find(|(name, _)| name == a)),
        args.get(1).map(|n| n.parse::<usize>()),
        args.len(),
    ) else {
        let names: Vec<&str> = FUNCTIONS.iter().map(|(name, _)| *name).collect();
        eprintln!("usage: instructions FUNCTION CALLS, FUNCTION one of {names:?}");
        return ExitCode::from(2);
    };
    let input = compact(SEED_PRETTY);
    assert_eq!(
        input.len(),
        528,
        "seed_compact is the docs' payload, 528 bytes"
    );
    // Through a pointer the optimizer cannot see through: one real call each time.
    let function = black_box(function);
    for _ in 0..calls {
        if !function(black_box(&input)) {
            eprintln!("{name} did not give the expected result");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// `worst_case list`, or `worst_case INPUT CALLS`: validate on that input.
fn worst_case_run(args: &[String]) -> ExitCode {
    let all = worst_case::inputs();
    if args.first().map(String::as_str) == Some("list") {
        for input in &all {
            println!("{} {}", input.name, input.bytes.len());
        }
        return ExitCode::SUCCESS;
    }
    let (Some(input), Some(Ok(calls))) = (
        args.first().and_then(|a| all.iter().find(|i| i.name == a)),
        args.get(1).map(|n| n.parse::<usize>()),
    ) else {
        eprintln!("usage: instructions worst_case (list | INPUT CALLS)");
        return ExitCode::from(2);
    };
    for _ in 0..calls {
        if sailor_webhook::validate(black_box(&input.bytes)) != input.expect {
            eprintln!("{} did not give the expected result", input.name);
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

//! Placeholder until the bench suite lands (issue 5).
fn main() {}

//! The peers' mirror structs: what a user would deserialize the payload into
//! with serde_json or serde-json-core instead of using sailor-webhook. They
//! only mirror the shape and validate nothing. Shared by `benches/parse.rs`
//! (criterion) and `benches/instructions.rs` (callgrind), so both measure
//! the same peers.

/// serde_json into owned `String`/`Vec` fields: no validation.
pub mod sj_owned {
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Payload {
        pub timestamp: u64,
        pub scope: Scope,
        pub outcome: Outcome,
        pub call: Call,
        #[serde(default)]
        pub destination: Option<Destination>,
        #[serde(default)]
        pub error_message: Option<String>,
    }
    #[derive(Deserialize)]
    pub struct Scope {
        pub subaccount_id: String,
        pub organization_id: String,
    }
    #[derive(Deserialize)]
    pub struct Outcome {
        pub outcome_id: String,
        pub outcome_name: String,
        pub outcome_type: String,
    }
    #[derive(Deserialize)]
    pub struct Call {
        pub call_id: String,
        pub phone_number: String,
        pub contact_id: String,
    }
    #[derive(Deserialize)]
    pub struct Destination {
        pub destination_type: String,
        pub destination_id: Option<String>,
        pub selection: Option<String>,
        pub destination_ids: Option<Vec<String>>,
    }
}

/// serde_json into borrowed fields: `Cow` borrows from the input unless the
/// string has escapes (plain `&str` cannot hold an escaped string).
pub mod sj_borrowed {
    use serde::Deserialize;
    use std::borrow::Cow;

    #[derive(Deserialize)]
    pub struct Payload<'a> {
        pub timestamp: u64,
        #[serde(borrow)]
        pub scope: Scope<'a>,
        #[serde(borrow)]
        pub outcome: Outcome<'a>,
        #[serde(borrow)]
        pub call: Call<'a>,
        #[serde(default, borrow)]
        pub destination: Option<Destination<'a>>,
        #[serde(default, borrow)]
        pub error_message: Option<Cow<'a, str>>,
    }
    #[derive(Deserialize)]
    pub struct Scope<'a> {
        #[serde(borrow)]
        pub subaccount_id: Cow<'a, str>,
        #[serde(borrow)]
        pub organization_id: Cow<'a, str>,
    }
    #[derive(Deserialize)]
    pub struct Outcome<'a> {
        #[serde(borrow)]
        pub outcome_id: Cow<'a, str>,
        #[serde(borrow)]
        pub outcome_name: Cow<'a, str>,
        #[serde(borrow)]
        pub outcome_type: Cow<'a, str>,
    }
    #[derive(Deserialize)]
    pub struct Call<'a> {
        #[serde(borrow)]
        pub call_id: Cow<'a, str>,
        #[serde(borrow)]
        pub phone_number: Cow<'a, str>,
        #[serde(borrow)]
        pub contact_id: Cow<'a, str>,
    }
    #[derive(Deserialize)]
    pub struct Destination<'a> {
        #[serde(borrow)]
        pub destination_type: Cow<'a, str>,
        #[serde(default, borrow)]
        pub destination_id: Option<Cow<'a, str>>,
        #[serde(default, borrow)]
        pub selection: Option<Cow<'a, str>>,
        #[serde(default, borrow)]
        pub destination_ids: Option<Vec<Cow<'a, str>>>,
    }
}

/// serde-json-core `from_slice_escaped` into heapless fields at the same
/// capacities as `OutcomeEvent`'s defaults: no validation.
pub mod sjc {
    use heapless::{String, Vec};
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Payload {
        pub timestamp: u64,
        pub scope: Scope,
        pub outcome: Outcome,
        pub call: Call,
        #[serde(default)]
        pub destination: Option<Destination>,
        #[serde(default)]
        pub error_message: Option<String<256>>,
    }
    #[derive(Deserialize)]
    pub struct Scope {
        pub subaccount_id: String<36>,
        pub organization_id: String<36>,
    }
    #[derive(Deserialize)]
    pub struct Outcome {
        pub outcome_id: String<36>,
        pub outcome_name: String<480>,
        pub outcome_type: String<16>,
    }
    #[derive(Deserialize)]
    pub struct Call {
        pub call_id: String<36>,
        pub phone_number: String<16>,
        pub contact_id: String<36>,
    }
    #[derive(Deserialize)]
    pub struct Destination {
        pub destination_type: String<24>,
        #[serde(default)]
        pub destination_id: Option<String<36>>,
        #[serde(default)]
        pub selection: Option<String<16>>,
        #[serde(default)]
        pub destination_ids: Option<Vec<String<36>, 16>>,
    }

    pub fn parse(input: &[u8]) -> Result<Payload, serde_json_core::de::Error> {
        let mut scratch = [0u8; 512];
        serde_json_core::from_slice_escaped::<Payload>(input, &mut scratch).map(|(p, _)| p)
    }
}

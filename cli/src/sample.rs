//! `sailor-webhook sample`: a valid payload with fresh random v4 ids.

use anyhow::Context as _;
use sailor_webhook::Uuid;

/// Which destination shape `sample` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DestinationKind {
    /// `{"destination_type":"none"}`
    None,
    /// `{"destination_type":"smart_list","destination_id":ID}`
    #[default]
    #[value(name = "smart_list")]
    SmartList,
    /// `{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":[ID, ID]}`
    #[value(name = "remove_selected")]
    RemoveSelected,
    /// `{"destination_type":"remove_from_smart_list","selection":"all"}`
    #[value(name = "remove_all")]
    RemoveAll,
}

/// A random version 4 UUID (RFC 9562 version and variant bits set).
pub fn random_uuid() -> anyhow::Result<Uuid> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no random bytes: {e}"))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    Ok(Uuid::from_bytes(b))
}

/// A compact, valid payload (one line, no newline) with fresh random ids,
/// the current time (milliseconds, or seconds with `seconds`), the docs'
/// example name and phone number, and the given destination shape.
pub fn sample(destination: DestinationKind, seconds: bool) -> anyhow::Result<String> {
    let now = crate::now_ms();
    let timestamp = if seconds { now / 1000 } else { now };
    let destination = match destination {
        DestinationKind::None => r#"{"destination_type":"none"}"#.to_string(),
        DestinationKind::SmartList => format!(
            r#"{{"destination_type":"smart_list","destination_id":"{}"}}"#,
            random_uuid()?
        ),
        DestinationKind::RemoveSelected => format!(
            r#"{{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":["{}","{}"]}}"#,
            random_uuid()?,
            random_uuid()?
        ),
        DestinationKind::RemoveAll => {
            r#"{"destination_type":"remove_from_smart_list","selection":"all"}"#.to_string()
        }
    };
    let body = format!(
        concat!(
            r#"{{"timestamp":{},"#,
            r#""scope":{{"subaccount_id":"{}","organization_id":"{}"}},"#,
            r#""outcome":{{"outcome_id":"{}","outcome_name":"Interested","outcome_type":"action"}},"#,
            r#""call":{{"call_id":"{}","phone_number":"+15555550100","contact_id":"{}"}},"#,
            r#""destination":{},"error_message":""}}"#
        ),
        timestamp,
        random_uuid()?,
        random_uuid()?,
        random_uuid()?,
        random_uuid()?,
        random_uuid()?,
        destination,
    );
    // Never print something the parser would refuse.
    sailor_webhook::parse(body.as_bytes()).context("sample payload does not parse")?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_parses_with_fresh_v4_ids() {
        for kind in [
            DestinationKind::None,
            DestinationKind::SmartList,
            DestinationKind::RemoveSelected,
            DestinationKind::RemoveAll,
        ] {
            let a = sailor_webhook::parse(sample(kind, false).unwrap().as_bytes()).unwrap();
            let b = sailor_webhook::parse(sample(kind, false).unwrap().as_bytes()).unwrap();
            assert_ne!(a.call.call_id, b.call.call_id);
            let id = a.call.call_id.to_string();
            assert_eq!(&id[14..15], "4");
            assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
            assert!(!a.timestamp.was_seconds());
        }
        let s =
            sailor_webhook::parse(sample(DestinationKind::None, true).unwrap().as_bytes()).unwrap();
        assert!(s.timestamp.was_seconds());
    }
}

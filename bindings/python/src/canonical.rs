//! The canonical compact JSON of an event, byte for byte as the core's
//! `OutcomeEvent::to_json` writes it (serde-json-core's escaping: `\"`,
//! `\\`, `\b \t \n \f \r`, other controls as `\u00XX` in uppercase hex),
//! but into a `String` without capacity limits.

use sailor_webhook::{PhoneNumber, Uuid};

/// The fields of an event, borrowed, in canonical order.
pub(crate) struct Event<'a> {
    pub timestamp: u64,
    pub subaccount_id: Uuid,
    pub organization_id: Uuid,
    pub outcome_id: Uuid,
    pub outcome_name: &'a str,
    pub outcome_type: &'static str,
    pub call_id: Uuid,
    pub phone_number: PhoneNumber,
    pub contact_id: Uuid,
    pub destination_type: &'static str,
    pub destination_id: Option<Uuid>,
    pub selection: Option<&'static str>,
    pub destination_ids: Option<&'a [Uuid]>,
    pub error_message: &'a str,
}

fn string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\0'..='\u{1f}' => {
                let b = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn uuid(out: &mut String, id: &Uuid) {
    out.push('"');
    out.push_str(id.encode(&mut [0; 36]));
    out.push('"');
}

impl Event<'_> {
    /// The canonical compact JSON.
    pub fn to_json(&self) -> String {
        let mut o = String::with_capacity(
            480 + self.outcome_name.len()
                + self.error_message.len()
                + 39 * self.destination_ids.map_or(0, <[Uuid]>::len),
        );
        o.push_str("{\"timestamp\":");
        o.push_str(&self.timestamp.to_string());
        o.push_str(",\"scope\":{\"subaccount_id\":");
        uuid(&mut o, &self.subaccount_id);
        o.push_str(",\"organization_id\":");
        uuid(&mut o, &self.organization_id);
        o.push_str("},\"outcome\":{\"outcome_id\":");
        uuid(&mut o, &self.outcome_id);
        o.push_str(",\"outcome_name\":");
        string(&mut o, self.outcome_name);
        o.push_str(",\"outcome_type\":");
        string(&mut o, self.outcome_type);
        o.push_str("},\"call\":{\"call_id\":");
        uuid(&mut o, &self.call_id);
        o.push_str(",\"phone_number\":\"");
        o.push_str(self.phone_number.encode(&mut [0; 16]));
        o.push_str("\",\"contact_id\":");
        uuid(&mut o, &self.contact_id);
        o.push_str("},\"destination\":{\"destination_type\":");
        string(&mut o, self.destination_type);
        if let Some(id) = &self.destination_id {
            o.push_str(",\"destination_id\":");
            uuid(&mut o, id);
        }
        if let Some(selection) = self.selection {
            o.push_str(",\"selection\":");
            string(&mut o, selection);
        }
        if let Some(ids) = self.destination_ids {
            o.push_str(",\"destination_ids\":[");
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    o.push(',');
                }
                uuid(&mut o, id);
            }
            o.push(']');
        }
        o.push_str("},\"error_message\":");
        string(&mut o, self.error_message);
        o.push('}');
        o
    }
}

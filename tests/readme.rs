//! The README's library example, kept true.

#[test]
fn readme_library_example() -> Result<(), Box<dyn std::error::Error>> {
    let body = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/webhook-page-ms.json"
    ))?;
    let event = sailor_webhook::parse(&body)?; // owned, fixed capacity
    assert_eq!(event.outcome.outcome_name, "Interested");
    assert_eq!(
        event.idempotency_key().to_string(),
        "00000000-0000-4000-8000-000000000004:00000000-0000-4000-8000-000000000003"
    );

    let view = sailor_webhook::parse_view(&body)?; // borrowed
    assert_eq!(view.call.phone_number.to_string(), "+15555550100");

    let strict = sailor_webhook::Options::new()
        .strict(true)
        .now_ms(1_781_935_990_000, 300_000);
    let err = strict.parse(br#"{"timestamp": 1781935984}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "timestamp_in_seconds at timestamp (byte 14): timestamp in seconds"
    );

    let mut buf = [0u8; <sailor_webhook::OutcomeEvent>::MAX_JSON_LEN];
    let n = event.to_json(&mut buf)?; // canonical compact JSON
    assert_eq!(sailor_webhook::parse(&buf[..n])?, event);
    assert_eq!(std::mem::size_of::<sailor_webhook::Error>(), 12);
    Ok(())
}

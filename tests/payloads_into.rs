//! `OutcomeEvent::parse_into` (the in-place, low-stack path) gives exactly
//! what `parse` gives, for every fixture, into a fresh or a reused event,
//! and the same exact error for an invalid payload.

use sailor_webhook::{Destination, ErrorKind, Options, OutcomeEvent, OutcomeView};

const FIXTURES: [(&str, &str); 3] = [
    (
        "webhook-page-ms",
        include_str!("fixtures/webhook-page-ms.json"),
    ),
    (
        "guide-page-seconds",
        include_str!("fixtures/guide-page-seconds.json"),
    ),
    (
        "remove-selected",
        include_str!("fixtures/remove-selected.json"),
    ),
];

/// Equality plus the provenance flags that `PartialEq` leaves out.
fn assert_same(got: &OutcomeEvent, want: &OutcomeEvent, what: &str) {
    assert_eq!(got, want, "{what}");
    assert_eq!(
        got.timestamp.was_seconds(),
        want.timestamp.was_seconds(),
        "{what}: timestamp provenance"
    );
    assert_eq!(
        got.error_message.is_truncated(),
        want.error_message.is_truncated(),
        "{what}: message truncation"
    );
}

#[test]
fn parse_into_equals_parse_for_every_fixture() {
    // One event reused across all fixtures (in both orders), as a gateway does.
    let mut reused = OutcomeEvent::new();
    for round in 0..2 {
        let order: Vec<_> = if round == 0 {
            FIXTURES.iter().collect()
        } else {
            FIXTURES.iter().rev().collect()
        };
        for (name, text) in order {
            let want = sailor_webhook::parse(text.as_bytes()).expect(name);
            let mut fresh = OutcomeEvent::new();
            fresh
                .parse_into(text.as_bytes(), &Options::new())
                .expect(name);
            assert_same(&fresh, &want, &format!("{name}: fresh event"));
            reused
                .parse_into(text.as_bytes(), &Options::new())
                .expect(name);
            assert_same(&reused, &want, &format!("{name}: reused, round {round}"));
            let mut via_options: OutcomeEvent = OutcomeEvent::default();
            Options::new()
                .parse_into(text.as_bytes(), &mut via_options)
                .expect(name);
            assert_same(&via_options, &want, &format!("{name}: Options::parse_into"));
        }
    }
}

#[test]
fn parse_into_clears_what_the_previous_payload_left() {
    // remove-selected, then the ms payload (smart_list), then one without a
    // destination: nothing of the earlier list may survive.
    let remove = FIXTURES[2].1;
    let ms = FIXTURES[0].1;
    let mut e = OutcomeEvent::new();
    e.parse_into(remove.as_bytes(), &Options::new()).unwrap();
    assert!(matches!(e.destination, Destination::RemoveSelected(ref ids) if ids.len() == 1));
    e.parse_into(ms.as_bytes(), &Options::new()).unwrap();
    assert_same(
        &e,
        &sailor_webhook::parse(ms.as_bytes()).unwrap(),
        "ms after remove",
    );
    let start = ms
        .find(",\n \"destination\"")
        .expect("ms has a destination");
    let end = start + ms[start..].find('}').expect("destination closes") + 1;
    let without = format!("{}{}", &ms[..start], &ms[end..]);
    e.parse_into(without.as_bytes(), &Options::new()).unwrap();
    assert_eq!(e.destination, Destination::None);
    assert_same(
        &e,
        &sailor_webhook::parse(without.as_bytes()).unwrap(),
        "no destination after smart_list",
    );
}

#[test]
fn parse_into_reports_the_same_exact_error() {
    let ms = FIXTURES[0].1;
    let bad_id = "00000000-0000-4000-8000-00000000000g";
    let bad = ms.replacen("00000000-0000-4000-8000-000000000004", bad_id, 1);
    let at = bad.find(bad_id).unwrap() - 1; // the opening quote
    let want = sailor_webhook::parse(bad.as_bytes()).unwrap_err();
    assert_eq!(want.kind(), ErrorKind::InvalidUuid);
    assert_eq!(want.path().to_string(), "call.call_id");
    assert_eq!(want.offset(), at);

    let mut e = OutcomeEvent::new();
    let got = e.parse_into(bad.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(got, want);
    assert_eq!(got.kind(), ErrorKind::InvalidUuid);
    assert_eq!(got.path().to_string(), "call.call_id");
    assert_eq!(got.offset(), at);

    // Capacity errors come from the copy into the event: the same too.
    let remove = FIXTURES[2].1;
    let mut small: OutcomeEvent<{ sailor_webhook::MAX_OUTCOME_NAME_BYTES }, 0, 256> =
        OutcomeEvent::new();
    let got = small
        .parse_into(remove.as_bytes(), &Options::new())
        .unwrap_err();
    let want = OutcomeEvent::<{ sailor_webhook::MAX_OUTCOME_NAME_BYTES }, 0, 256>::parse_with(
        remove.as_bytes(),
        &Options::new(),
    )
    .unwrap_err();
    assert_eq!(got, want);
    assert_eq!(got.kind(), ErrorKind::CapacityExceeded);
    assert_eq!(got.path().to_string(), "destination.destination_ids[0]");

    // After an error the event is still usable: the next parse fills it.
    e.parse_into(ms.as_bytes(), &Options::new()).unwrap();
    assert_same(
        &e,
        &sailor_webhook::parse(ms.as_bytes()).unwrap(),
        "after an error",
    );
}

/// `OutcomeView::parse_into` (the in-place borrowed path) gives exactly what
/// `parse_view` gives: the same view for every fixture into one reused view,
/// and the same exact error, after which the view still parses.
#[test]
fn view_parse_into_equals_parse_view() {
    let o = Options::new();
    let mut view = OutcomeView::new();
    assert_eq!(view, OutcomeView::default());
    for (name, text) in FIXTURES.iter().chain(FIXTURES.iter().rev()) {
        view.parse_into(text.as_bytes(), &o).unwrap();
        assert_eq!(
            view,
            sailor_webhook::parse_view(text.as_bytes()).unwrap(),
            "{name}"
        );
        let mut other = OutcomeView::default();
        o.parse_view_into(text.as_bytes(), &mut other).unwrap();
        assert_eq!(other, view, "{name}: Options::parse_view_into");
    }

    let ms = FIXTURES[0].1;
    let bad = ms.replacen("\"+15555550100\"", "\"+05555550100\"", 1);
    let want = sailor_webhook::parse_view(bad.as_bytes()).unwrap_err();
    let got = view.parse_into(bad.as_bytes(), &o).unwrap_err();
    assert_eq!(got, want);
    assert_eq!(got.kind(), ErrorKind::InvalidPhoneNumber);
    assert_eq!(got.path().to_string(), "call.phone_number");
    assert_eq!(got.offset(), bad.find("\"+0555").unwrap());

    view.parse_into(ms.as_bytes(), &o).unwrap();
    assert_eq!(view, sailor_webhook::parse_view(ms.as_bytes()).unwrap());
    assert_eq!(view.outcome.outcome_name, "Interested");
}

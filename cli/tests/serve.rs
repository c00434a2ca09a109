//! The receiver, started in-process on an ephemeral loopback port, with a
//! real SQLite file in a temporary directory and a real HTTP client.

#[macro_use]
mod common;

use std::sync::{Arc, Barrier};

use common::*;

both!(
    every_destination_shape_is_stored_with_exact_columns,
    escapes_uppercase_ids_seconds_and_long_messages_are_decoded_in_full,
    a_duplicate_gets_200_and_leaves_one_row,
    a_hundred_concurrent_posts_of_one_payload_leave_one_row,
    concurrent_distinct_posts_are_all_stored,
    requests_arriving_together_share_a_commit,
    an_invalid_payload_gets_400_with_the_error_and_a_rejected_row,
    strict_mode_rejects_unknown_members,
    oversize_bodies_get_413_without_being_read,
    wrong_content_type_gets_415_and_other_methods_405,
    a_missing_or_wrong_token_gets_401_and_stores_nothing,
    rows_survive_a_restart_on_the_same_file,
    healthz_answers_200_when_the_database_is_writable,
    a_timestamp_beyond_2_pow_53_gets_400,
    a_16000_byte_multibyte_error_message_is_stored_whole,
    forty_destination_ids_are_all_stored_in_order,
    a_nul_character_is_stored_and_never_blocks_the_event,
);
use rusqlite::types::Value;
use sailor_webhook_cli::now_ms;

const ID6: &str = "00000000-0000-4000-8000-000000000006";

fn every_destination_shape_is_stored_with_exact_columns(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let cases: &[(&str, Option<&str>, [Value; 4])] = &[
        (
            "00000000-0000-4000-8000-0000000000a1",
            Some(&format!(
                r#"{{"destination_type":"smart_list","destination_id":"{ID6}"}}"#
            )),
            [text("smart_list"), Value::Null, text(ID6), Value::Null],
        ),
        (
            "00000000-0000-4000-8000-0000000000a2",
            Some(
                r#"{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":["00000000-0000-4000-8000-000000000010","00000000-0000-4000-8000-0000000000AB"]}"#,
            ),
            [
                text("remove_from_smart_list"),
                text("selected"),
                Value::Null,
                text(
                    r#"["00000000-0000-4000-8000-000000000010","00000000-0000-4000-8000-0000000000ab"]"#,
                ),
            ],
        ),
        (
            "00000000-0000-4000-8000-0000000000a3",
            Some(r#"{"destination_type":"remove_from_smart_list","selection":"all"}"#),
            [
                text("remove_from_smart_list"),
                text("all"),
                Value::Null,
                Value::Null,
            ],
        ),
        (
            "00000000-0000-4000-8000-0000000000a4",
            Some(
                r#"{"destination_type":"remove_from_smart_list","selection":"all","destination_ids":[]}"#,
            ),
            [
                text("remove_from_smart_list"),
                text("all"),
                Value::Null,
                Value::Null,
            ],
        ),
        (
            "00000000-0000-4000-8000-0000000000a5",
            Some(r#"{"destination_type":"none"}"#),
            [text("none"), Value::Null, Value::Null, Value::Null],
        ),
        (
            "00000000-0000-4000-8000-0000000000a6",
            Some("null"),
            [text("none"), Value::Null, Value::Null, Value::Null],
        ),
        (
            "00000000-0000-4000-8000-0000000000a7",
            None,
            [text("none"), Value::Null, Value::Null, Value::Null],
        ),
    ];
    let before = now_ms() as i64;
    for (call_id, destination, _) in cases {
        let body = payload(call_id, OUTCOME, *destination);
        assert_eq!(
            post(server.url(), &body),
            (200, r#"{"status":"stored"}"#.to_string()),
            "{body}"
        );
    }
    let after = now_ms() as i64;
    for (call_id, destination, dest_columns) in cases {
        let body = payload(call_id, OUTCOME, *destination);
        let mut expected = vec![
            text(call_id),
            text(OUTCOME),
            Value::Integer(1_781_935_984_000),
            Value::Integer(0),
            text("00000000-0000-4000-8000-000000000001"),
            text("00000000-0000-4000-8000-000000000002"),
            text("Interested"),
            text("action"),
            text("+15555550100"),
            text("00000000-0000-4000-8000-000000000005"),
        ];
        expected.extend(dest_columns.iter().cloned());
        expected.push(text(""));
        expected.push(Value::Blob(body.into_bytes()));
        assert_eq!(f.event_row(call_id, OUTCOME), expected);
        let received = f.query(&format!(
            "SELECT received_at_ms FROM outcome_events WHERE call_id = '{call_id}'"
        ));
        let [Value::Integer(received)] = received[0][..] else {
            panic!("{received:?}")
        };
        assert!((before..=after).contains(&received));
    }
    assert_eq!(f.count("outcome_events"), cases.len() as i64);
    assert_eq!(f.count("rejected_deliveries"), 0);
    server.stop().unwrap();
}

fn escapes_uppercase_ids_seconds_and_long_messages_are_decoded_in_full(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let long = "x".repeat(1000);
    let body = concat!(
        r#"{"timestamp":1781935984,"#,
        r#""scope":{"subaccount_id":"00000000-0000-4000-8000-00000000000A","organization_id":"00000000-0000-4000-8000-000000000002"},"#,
        r#""outcome":{"outcome_id":"00000000-0000-4000-8000-0000000000FF","outcome_name":"Caf\u00e9 \"VIP\"","outcome_type":"disposition"},"#,
        r#""call":{"call_id":"00000000-0000-4000-8000-0000000000EE","phone_number":"+447700900123","contact_id":"00000000-0000-4000-8000-000000000005"},"#,
        r#""destination":{"destination_type":"smart_list","destination_id":"00000000-0000-4000-8000-000000000006"},"#,
        r#""error_message":"list \ud83d\ude00 full: LONG","future_field":{"a":[1,2]}}"#
    )
    .replace("LONG", &long);
    assert_eq!(post(server.url(), &body).0, 200);
    let call = "00000000-0000-4000-8000-0000000000ee";
    let outcome = "00000000-0000-4000-8000-0000000000ff";
    assert_eq!(
        f.event_row(call, outcome),
        vec![
            text(call),
            text(outcome),
            Value::Integer(1_781_935_984_000),
            Value::Integer(1),
            text("00000000-0000-4000-8000-00000000000a"),
            text("00000000-0000-4000-8000-000000000002"),
            text("Café \"VIP\""),
            text("disposition"),
            text("+447700900123"),
            text("00000000-0000-4000-8000-000000000005"),
            text("smart_list"),
            Value::Null,
            text(ID6),
            Value::Null,
            text(&format!("list 😀 full: {long}")),
            Value::Blob(body.clone().into_bytes()),
        ]
    );
    server.stop().unwrap();
}

fn a_duplicate_gets_200_and_leaves_one_row(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let body = payload(CALL, OUTCOME, None);
    assert_eq!(
        post(server.url(), &body),
        (200, r#"{"status":"stored"}"#.to_string())
    );
    // Redelivered, also with different bytes (a newer timestamp): still one row,
    // and the first delivery's values stay.
    assert_eq!(
        post(server.url(), &body),
        (200, r#"{"status":"duplicate"}"#.to_string())
    );
    let newer = body.replace("1781935984000", "1781935999000");
    assert_eq!(
        post(server.url(), &newer),
        (200, r#"{"status":"duplicate"}"#.to_string())
    );
    assert_eq!(f.count("outcome_events"), 1);
    assert_eq!(
        f.event_row(CALL, OUTCOME)[2],
        Value::Integer(1_781_935_984_000)
    );
    // Same call, another outcome: another key.
    let other = payload(CALL, "00000000-0000-4000-8000-000000000099", None);
    assert_eq!(
        post(server.url(), &other),
        (200, r#"{"status":"stored"}"#.to_string())
    );
    assert_eq!(f.count("outcome_events"), 2);
    server.stop().unwrap();
}

fn a_hundred_concurrent_posts_of_one_payload_leave_one_row(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let url = server.url().to_string();
    let body = payload(CALL, OUTCOME, Some(r#"{"destination_type":"none"}"#));
    let barrier = Arc::new(Barrier::new(100));
    let threads: Vec<_> = (0..100)
        .map(|_| {
            let (url, body, barrier) = (url.clone(), body.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                post(&url, &body)
            })
        })
        .collect();
    let answers: Vec<(u16, String)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(
        answers.iter().all(|(status, _)| *status == 200),
        "{answers:?}"
    );
    let stored = answers
        .iter()
        .filter(|(_, b)| b == r#"{"status":"stored"}"#)
        .count();
    let duplicate = answers
        .iter()
        .filter(|(_, b)| b == r#"{"status":"duplicate"}"#)
        .count();
    assert_eq!((stored, duplicate), (1, 99));
    assert_eq!(f.count("outcome_events"), 1);
    server.stop().unwrap();
}

fn concurrent_distinct_posts_are_all_stored(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let url = server.url().to_string();
    let threads: Vec<_> = (0..16u32)
        .map(|t| {
            let url = url.clone();
            std::thread::spawn(move || {
                for n in 0..25 {
                    let (body, _) = numbered(t, n);
                    assert_eq!(post(&url, &body).0, 200);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(f.count("outcome_events"), 400);
    // Every event was its own job, committed before its 200.
    assert_eq!(server.stats().jobs(), 400);
    server.stop().unwrap();
}

fn requests_arriving_together_share_a_commit(b: Backend) {
    use std::io::{Read as _, Write as _};
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    // 100 connections first, then 100 requests written back to back.
    let mut streams: Vec<std::net::TcpStream> = (0..100)
        .map(|_| std::net::TcpStream::connect(server.addr()).unwrap())
        .collect();
    for (t, s) in streams.iter_mut().enumerate() {
        let (body, _) = numbered(t as u32, 1);
        let request = format!(
            "POST /sailor/outcomes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(request.as_bytes()).unwrap();
    }
    for s in &mut streams {
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
    }
    assert_eq!(f.count("outcome_events"), 100);
    let (commits, jobs) = (server.stats().commits(), server.stats().jobs());
    eprintln!("100 concurrent events: {commits} commits");
    assert_eq!(jobs, 100);
    // Group commit: far fewer transactions (and fsyncs) than events.
    assert!(commits < 50, "{commits} commits for 100 concurrent events");
    server.stop().unwrap();
}

fn an_invalid_payload_gets_400_with_the_error_and_a_rejected_row(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let body = payload("not-a-uuid", OUTCOME, None);
    let offset = body.find(r#""not-a-uuid""#).unwrap();
    let before = now_ms() as i64;
    let (status, answer) = post_as(
        server.url(),
        "application/json; charset=utf-8",
        body.as_bytes(),
    );
    assert_eq!(status, 400);
    assert_eq!(
        answer,
        format!(
            r#"{{"error":{{"code":"invalid_uuid","path":"call.call_id","offset":{offset},"message":"invalid UUID"}}}}"#
        )
    );
    let row = f.query(
            "SELECT status, error_code, error_path, error_offset, error_message, content_type, raw_body, received_at_ms FROM rejected_deliveries",
        ).remove(0);
    assert_eq!(
        row[..7],
        [
            Value::Integer(400),
            text("invalid_uuid"),
            text("call.call_id"),
            Value::Integer(offset as i64),
            text("invalid UUID"),
            text("application/json; charset=utf-8"),
            Value::Blob(body.into_bytes()),
        ]
    );
    let Value::Integer(received) = row[7] else {
        panic!()
    };
    assert!(received >= before && received <= now_ms() as i64);

    // Not JSON at all, and bytes that are not UTF-8: stored as they came.
    let junk = b"{\"timestamp\": \xff}";
    let (status, answer) = post_as(server.url(), "application/json", junk);
    assert_eq!(status, 400);
    assert_eq!(
        answer,
        r#"{"error":{"code":"unexpected_byte","path":"timestamp","offset":14,"message":"unexpected byte"}}"#
    );
    let raw =
        f.query("SELECT raw_body FROM rejected_deliveries WHERE error_code = 'unexpected_byte'");
    assert_eq!(raw, [[Value::Blob(junk.to_vec())]]);
    assert_eq!(f.count("rejected_deliveries"), 2);
    assert_eq!(f.count("outcome_events"), 0);
    server.stop().unwrap();
}

fn strict_mode_rejects_unknown_members(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|c| c.strict = true);
    let body = payload(CALL, OUTCOME, None)
        .replace(r#""error_message":"""#, r#""error_message":"","x":1"#);
    let offset = body.find(r#""x""#).unwrap();
    assert_eq!(
        post(server.url(), &body),
        (
            400,
            format!(
                r#"{{"error":{{"code":"unknown_member","path":"*","offset":{offset},"message":"unknown member"}}}}"#
            )
        )
    );
    assert_eq!(f.count("outcome_events"), 0);
    assert_eq!(f.count("rejected_deliveries"), 1);
    server.stop().unwrap();
}

fn oversize_bodies_get_413_without_being_read(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|c| c.max_body = 1024);
    let body = payload(CALL, OUTCOME, None);
    let too_large = r#"{"error":{"code":"input_too_large","path":"$","offset":1024,"message":"input too large"}}"#;

    // Padded to exactly the limit: accepted. One byte more: 413.
    let exact = format!("{body:<1024}");
    assert_eq!(exact.len(), 1024);
    assert_eq!(post(server.url(), &exact).0, 200);
    let over = format!("{body:<1025}");
    assert_eq!(post(server.url(), &over), (413, too_large.to_string()));

    // A Content-Length over the limit is refused from the header: the test
    // sends no body at all and still gets the answer.
    let addr = server.addr();
    let (status, _, answer) = raw(
        addr,
        b"POST /sailor/outcomes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n",
    );
    assert_eq!((status, answer.as_str()), (413, too_large));

    // Chunked, no length: reading stops at the limit.
    let mut chunked = b"POST /sailor/outcomes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    chunked.extend(format!("{:x}\r\n", 2000).as_bytes());
    chunked.extend(vec![b' '; 2000]);
    chunked.extend(b"\r\n");
    let (status, _, answer) = raw(addr, &chunked);
    assert_eq!((status, answer.as_str()), (413, too_large));

    assert_eq!(f.count("outcome_events"), 1);
    assert_eq!(f.count("rejected_deliveries"), 0);
    server.stop().unwrap();
}

fn wrong_content_type_gets_415_and_other_methods_405(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let body = payload(CALL, OUTCOME, None);
    let unsupported = r#"{"error":{"code":"unsupported_media_type","path":"$","offset":0,"message":"unsupported media type"}}"#;
    for ct in [
        "text/plain",
        "text/json",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin1",
    ] {
        assert_eq!(
            post_as(server.url(), ct, body.as_bytes()),
            (415, unsupported.to_string()),
            "{ct}"
        );
    }
    // No Content-Type at all.
    let request = format!(
        "POST /sailor/outcomes HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, _, answer) = raw(server.addr(), request.as_bytes());
    assert_eq!((status, answer.as_str()), (415, unsupported));

    let not_allowed = r#"{"error":{"code":"method_not_allowed","path":"$","offset":0,"message":"method not allowed"}}"#;
    let mut r = agent().get(server.url()).call().unwrap();
    assert_eq!(r.status().as_u16(), 405);
    assert_eq!(r.headers().get("allow").unwrap(), "POST");
    assert_eq!(r.body_mut().read_to_string().unwrap(), not_allowed);
    let r = agent()
        .put(server.url())
        .header("Content-Type", "application/json")
        .send(body.as_bytes())
        .unwrap();
    assert_eq!(r.status().as_u16(), 405);

    // Any case and a quoted charset are JSON.
    assert_eq!(
        post_as(
            server.url(),
            "Application/JSON; charset=\"UTF-8\"",
            body.as_bytes()
        )
        .0,
        200
    );
    assert_eq!(f.count("outcome_events"), 1);
    assert_eq!(f.count("rejected_deliveries"), 0);
    // Other paths are not the webhook.
    assert_eq!(
        agent()
            .get(&format!("http://{}/", server.addr()))
            .call()
            .unwrap()
            .status()
            .as_u16(),
        404
    );
    server.stop().unwrap();
}

fn a_missing_or_wrong_token_gets_401_and_stores_nothing(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|c| c.token = Some("s3cret-token".to_string()));
    let url = server.url().to_string();
    let body = payload(CALL, OUTCOME, None);
    let bad = payload("nope", OUTCOME, None);
    let unauthorized = r#"{"error":{"code":"unauthorized","message":"missing or wrong token"}}"#;
    let send = |url: &str, bearer: Option<&str>, body: &str| {
        let mut req = agent().post(url).header("Content-Type", "application/json");
        if let Some(b) = bearer {
            req = req.header("Authorization", b);
        }
        let mut r = req.send(body.as_bytes()).unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    };
    for (u, bearer) in [
        (url.clone(), None),
        (format!("{url}?token="), None),
        (format!("{url}?token=s3cret-tokeN"), None),
        (format!("{url}?token=s3cret-token-and-more"), None),
        (format!("{url}?token=s3cret"), None),
        (url.clone(), Some("Bearer wrong")),
        (url.clone(), Some("Bearer ")),
        (url.clone(), Some("Basic s3cret-token")),
        (url.clone(), Some("s3cret-token")),
    ] {
        assert_eq!(
            send(&u, bearer, &body),
            (401, unauthorized.to_string()),
            "{u} {bearer:?}"
        );
        // An invalid body is not stored either: the token comes first.
        assert_eq!(send(&u, bearer, &bad).0, 401);
    }
    assert_eq!(f.count("outcome_events"), 0);
    assert_eq!(f.count("rejected_deliveries"), 0);

    assert_eq!(
        send(&format!("{url}?token=s3cret-token"), None, &body).0,
        200
    );
    let other = payload("00000000-0000-4000-8000-0000000000b1", OUTCOME, None);
    assert_eq!(send(&url, Some("Bearer s3cret-token"), &other).0, 200);
    assert_eq!(
        send(&url, Some("bearer s3cret-token"), &other),
        (200, r#"{"status":"duplicate"}"#.to_string())
    );
    // Percent-encoded in the query.
    let third = payload("00000000-0000-4000-8000-0000000000b2", OUTCOME, None);
    assert_eq!(
        send(&format!("{url}?token=s3cret%2Dtoken"), None, &third).0,
        200
    );
    assert_eq!(f.count("outcome_events"), 3);
    server.stop().unwrap();
}

fn rows_survive_a_restart_on_the_same_file(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let mut ids = Vec::new();
    for n in 0..20 {
        let (body, call_id) = numbered(7, n);
        assert_eq!(post(server.url(), &body).0, 200);
        ids.push((call_id, body));
    }
    assert_eq!(post(server.url(), "{").0, 400);
    server.stop().unwrap();

    let server = f.start(|_| {});
    assert_eq!(f.count("outcome_events"), 20);
    assert_eq!(f.count("rejected_deliveries"), 1);
    for (call_id, body) in &ids {
        assert_eq!(
            f.event_row(call_id, OUTCOME)[15],
            Value::Blob(body.clone().into_bytes())
        );
    }
    // Idempotency holds across the restart.
    assert_eq!(
        post(server.url(), &ids[0].1),
        (200, r#"{"status":"duplicate"}"#.to_string())
    );
    let (body, _) = numbered(7, 99);
    assert_eq!(
        post(server.url(), &body),
        (200, r#"{"status":"stored"}"#.to_string())
    );
    server.stop().unwrap();
    assert_eq!(f.count("outcome_events"), 21);
    if b == Backend::Sqlite {
        assert_eq!(f.query("PRAGMA journal_mode"), [[text("wal")]]);
        assert_eq!(f.query("PRAGMA user_version"), [[Value::Integer(1)]]);
    } else {
        assert_eq!(
            f.query("SELECT version FROM sailor_schema"),
            [[Value::Integer(1)]]
        );
    }
}

fn healthz_answers_200_when_the_database_is_writable(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let mut r = agent()
        .get(&format!("http://{}/healthz", server.addr()))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.body_mut().read_to_string().unwrap(), r#"{"status":"ok"}"#);
    let checked = f.query("SELECT checked_ms FROM receiver_health");
    let [Value::Integer(checked)] = checked[0][..] else {
        panic!("{checked:?}")
    };
    assert!(checked > 0);
    server.stop().unwrap();
}

/// While another process holds the write lock past the busy timeout (5 s),
/// an event gets 503 `store_failed` (so Sailor retries) and stores nothing, and
/// /healthz says 503; once the lock is gone the retry is stored.
#[test]
fn a_locked_database_gets_503_then_the_retry_is_stored() {
    let f = Fixture::new(Backend::Sqlite);
    let server = f.start(|_| {});
    let health = format!("http://{}/healthz", server.addr());
    let get_health = |url: &str| {
        let mut r = agent().get(url).call().unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    };
    let body = payload(CALL, OUTCOME, None);

    let lock = db(f.dir.path());
    lock.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let (event, health_answer) = std::thread::scope(|s| {
        let event = s.spawn(|| post(server.url(), &body));
        let health_answer = s.spawn(|| get_health(&health));
        (event.join().unwrap(), health_answer.join().unwrap())
    });
    assert_eq!(
        event,
        (
            503,
            r#"{"error":{"code":"store_failed","message":"the event could not be stored; retry"}}"#
                .to_string()
        )
    );
    assert_eq!(
        health_answer,
        (
            503,
            r#"{"status":"error","error":"database is locked"}"#.to_string()
        )
    );
    assert_eq!(f.count("outcome_events"), 0);
    lock.execute_batch("ROLLBACK").unwrap();

    assert_eq!(
        post(server.url(), &body),
        (200, r#"{"status":"stored"}"#.to_string())
    );
    assert_eq!(get_health(&health), (200, r#"{"status":"ok"}"#.to_string()));
    assert_eq!(f.count("outcome_events"), 1);
    server.stop().unwrap();
}

fn a_timestamp_beyond_2_pow_53_gets_400(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let body = payload(CALL, OUTCOME, None).replace("1781935984000", "18446744073709551615");
    let offset = body.find("18446744073709551615").unwrap();
    assert_eq!(
        post(server.url(), &body),
        (
            400,
            format!(
                r#"{{"error":{{"code":"invalid_timestamp","path":"timestamp","offset":{offset},"message":"invalid timestamp"}}}}"#
            )
        )
    );
    // The largest valid timestamp (2^53 - 1) is stored as is.
    let body = payload(CALL, OUTCOME, None).replace("1781935984000", "9007199254740991");
    assert_eq!(post(server.url(), &body).0, 200);
    assert_eq!(
        f.event_row(CALL, OUTCOME)[2],
        Value::Integer(9_007_199_254_740_991)
    );
    assert_eq!(f.count("rejected_deliveries"), 1);
    server.stop().unwrap();
}

#[test]
fn bad_configurations_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = |f: fn(&mut sailor_webhook_cli::serve::ServeConfig)| {
        let mut c = sailor_webhook_cli::serve::ServeConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            db: sailor_webhook_cli::serve::Database::Sqlite(dir.path().join("events.sqlite")),
            ..Default::default()
        };
        f(&mut c);
        c
    };
    let err = |c| {
        sailor_webhook_cli::serve::spawn(c)
            .err()
            .unwrap()
            .to_string()
    };
    assert!(err(config(|c| c.token = Some(String::new()))).contains("--token must not be empty"));
    assert!(err(config(|c| c.path = "hooks".into())).contains("--path must start with '/'"));
    assert!(err(config(|c| c.path = "/healthz".into())).contains("--path cannot be /healthz"));
    assert!(err(config(|c| c.path = "/metrics".into()))
        .contains("--path cannot be /healthz or /metrics"));
    assert!(err(config(|c| c.max_connections = 0)).contains("--max-connections must be > 0"));
    assert_eq!(
        err(config(|c| c.db = "/nonexistent/dir/x.sqlite".parse().unwrap())),
        "cannot open the SQLite database /nonexistent/dir/x.sqlite for writing (does its directory exist, and may this user write there?)"
    );
}

/// 16,000 bytes of multi-byte text, some of it as `\u` escapes: the column
/// holds the whole decoded message, byte for byte.
fn a_16000_byte_multibyte_error_message_is_stored_whole(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let (raw, decoded) = long_message(16_000);
    assert_eq!(decoded.len(), 16_000);
    let body = payload(CALL, OUTCOME, None).replace(
        r#""error_message":"""#,
        &format!(r#""error_message":"{raw}""#),
    );
    assert_eq!(
        post(server.url(), &body),
        (200, r#"{"status":"stored"}"#.to_string())
    );
    assert_eq!(f.event_row(CALL, OUTCOME)[14], text(&decoded));
    server.stop().unwrap();
}

/// More destination ids than the owned event's capacity (16): all 40 are
/// stored, in order.
fn forty_destination_ids_are_all_stored_in_order(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let ids: Vec<String> = (0..40u32)
        .map(|n| format!("00000000-0000-4000-8000-{:012x}", 1000 - n))
        .collect();
    let destination = format!(
        r#"{{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":{}}}"#,
        serde_json::to_string(&ids).unwrap()
    );
    let body = payload(CALL, OUTCOME, Some(&destination));
    assert_eq!(
        post(server.url(), &body),
        (200, r#"{"status":"stored"}"#.to_string())
    );
    let row = f.event_row(CALL, OUTCOME);
    assert_eq!(row[13], text(&serde_json::to_string(&ids).unwrap()));
    assert_eq!(f.count("rejected_deliveries"), 0);
    server.stop().unwrap();
}

/// `\u0000` is valid JSON text. SQLite keeps it; Postgres `text` cannot hold
/// it, so there it becomes U+FFFD (the raw body keeps the original). Either
/// way the event is stored at once, never answered 503 for ever.
fn a_nul_character_is_stored_and_never_blocks_the_event(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let body = payload(CALL, OUTCOME, None)
        .replace("Interested", r"In\u0000terested")
        .replace(r#""error_message":"""#, r#""error_message":"x\u0000y""#);
    assert_eq!(
        post(server.url(), &body),
        (200, r#"{"status":"stored"}"#.to_string())
    );
    let row = f.event_row(CALL, OUTCOME);
    let nul = if b == Backend::Sqlite {
        "\0"
    } else {
        "\u{FFFD}"
    };
    assert_eq!(row[6], text(&format!("In{nul}terested")));
    assert_eq!(row[14], text(&format!("x{nul}y")));
    assert_eq!(row[15], Value::Blob(body.into_bytes()));
    server.stop().unwrap();
}

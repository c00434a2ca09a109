/* The C API of sailor-webhook, tested from C (run under AddressSanitizer and
 * UndefinedBehaviorSanitizer by scripts/ci-ffi.sh).
 *
 * The data is shared, not retyped: cases.h is generated at build time by
 * ffi/examples/c_cases.rs from every tests/fixtures JSON file (with the Rust API's
 * result for each) and tests/data/invalid.jsonl (each row's own code, path
 * and offset).
 *
 * Every input is copied into a heap block of exactly its length, so ASan
 * catches any read past the end. Exits 0 only when every check passed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sailor_webhook.h"

#include "cases.h"

static int checks, failures;

#define CHECK(cond, ...)                                      \
    do {                                                      \
        checks++;                                             \
        if (!(cond)) {                                        \
            failures++;                                       \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            printf(__VA_ARGS__);                              \
            printf("\n");                                     \
        }                                                     \
    } while (0)

#define N_FIXTURES (sizeof FIXTURES / sizeof FIXTURES[0])
#define N_INVALID (sizeof INVALID / sizeof INVALID[0])

/* A heap copy of exactly `len` bytes (at least one byte allocated, so the
 * pointer is never NULL). */
static unsigned char *copy(const unsigned char *bytes, size_t len) {
    unsigned char *p = malloc(len ? len : 1);
    if (!p) abort();
    if (len) memcpy(p, bytes, len);
    return p;
}

/* Whether `err` is exactly code/path/offset, through the API's own text. */
static int error_is(const sw_error *err, const char *code, const char *path, unsigned long offset) {
    char buf[64];
    size_t n = 0;
    if (sw_error_path(err, (uint8_t *)buf, sizeof buf, &n) != SW_OK) return 0;
    return strcmp(sw_error_code_str(err->kind), code) == 0 && strcmp(buf, path) == 0 &&
           n == strlen(path) && err->offset == offset;
}

static void show(const char *what, const char *name, const sw_error *err) {
    char buf[160];
    if (sw_error_format(err, (uint8_t *)buf, sizeof buf, NULL) != SW_OK) strcpy(buf, "(no error)");
    printf("  %s %s: got %s\n", what, name, buf);
}

static sw_event event; /* a static, as on a gateway */

static void test_fixtures(void) {
    size_t i;
    for (i = 0; i < N_FIXTURES; i++) {
        const struct fixture *f = &FIXTURES[i];
        unsigned char *in = copy(f->bytes, f->len);
        sw_error err;
        sw_options strict;
        sw_view view;
        sw_status st;

        memset(&strict, 0, sizeof strict);
        strict.strict = 1;

        st = sw_validate(in, f->len, NULL, &err);
        if (f->code == NULL) {
            CHECK(st == SW_OK && err.kind == SW_KIND_NONE, "%s: validate %d", f->name, (int)st);
        } else {
            CHECK(st == SW_REJECTED && error_is(&err, f->code, f->path, f->offset), "%s", f->name);
        }
        st = sw_validate(in, f->len, &strict, &err);
        if (f->strict_code == NULL) {
            CHECK(st == SW_OK, "%s: strict validate %d", f->name, (int)st);
        } else {
            CHECK(st == SW_REJECTED && error_is(&err, f->strict_code, f->strict_path, f->strict_offset),
                  "%s: strict", f->name);
            if (st == SW_REJECTED && !error_is(&err, f->strict_code, f->strict_path, f->strict_offset))
                show("strict", f->name, &err);
        }
        if (f->json == NULL) {
            free(in);
            continue;
        }

        /* The owned event: the canonical JSON equals the Rust API's. */
        CHECK(sw_parse_into(&event, in, f->len, NULL, &err) == SW_OK, "%s: parse_into", f->name);
        {
            size_t need = strlen(f->json), n = 12345;
            unsigned char *out = malloc(need);
            sw_event_fields fields;
            size_t k;
            if (!out) abort();
            CHECK(sw_event_to_json(&event, out, need, &n) == SW_OK && n == need &&
                      memcmp(out, f->json, need) == 0,
                  "%s: to_json", f->name);
            /* One byte too small. */
            CHECK(sw_event_to_json(&event, out, need - 1, &n) == SW_ERR_BUFFER_TOO_SMALL && n == 0,
                  "%s: to_json one byte short", f->name);
            CHECK(sw_event_to_json(&event, out, 0, &n) == SW_ERR_BUFFER_TOO_SMALL, "%s: to_json 0", f->name);
            free(out);

            CHECK(sw_event_read(&event, &fields) == SW_OK, "%s: read", f->name);
            CHECK(fields.outcome_name_len == strlen(f->outcome_name) &&
                      memcmp(fields.outcome_name, f->outcome_name, fields.outcome_name_len) == 0,
                  "%s: outcome_name", f->name);
            CHECK(fields.destination_ids_count == f->ids, "%s: ids %u", f->name,
                  (unsigned)fields.destination_ids_count);

            /* The view agrees with the owned event, field by field. */
            CHECK(sw_parse_view(in, f->len, NULL, &view, &err) == SW_OK, "%s: parse_view", f->name);
            CHECK(view.timestamp_ms == fields.timestamp_ms &&
                      view.timestamp_was_seconds == fields.timestamp_was_seconds &&
                      view.outcome_type == fields.outcome_type &&
                      memcmp(view.subaccount_id, fields.subaccount_id, 16) == 0 &&
                      memcmp(view.organization_id, fields.organization_id, 16) == 0 &&
                      memcmp(view.outcome_id, fields.outcome_id, 16) == 0 &&
                      memcmp(view.call_id, fields.call_id, 16) == 0 &&
                      memcmp(view.contact_id, fields.contact_id, 16) == 0 &&
                      strcmp((const char *)view.phone_number, (const char *)fields.phone_number) == 0 &&
                      view.destination_kind == fields.destination_kind &&
                      memcmp(view.destination_id, fields.destination_id, 16) == 0 &&
                      view.destination_ids_count == fields.destination_ids_count &&
                      memcmp(view.idempotency_key, fields.idempotency_key, 32) == 0,
                  "%s: view and event agree", f->name);
            {
                /* Decoding on demand: exact fit, one byte too small (no room for the NUL). */
                size_t len = 0;
                char *name = malloc(fields.outcome_name_len + 1);
                if (!name) abort();
                CHECK(sw_str_decode(&view.outcome_name, (uint8_t *)name, fields.outcome_name_len + 1, &len) ==
                              SW_OK &&
                          len == fields.outcome_name_len &&
                          memcmp(name, fields.outcome_name, len) == 0 && name[len] == 0,
                      "%s: decode name", f->name);
                CHECK(sw_str_decode(&view.outcome_name, (uint8_t *)name, fields.outcome_name_len, &len) ==
                              SW_ERR_BUFFER_TOO_SMALL &&
                          len == fields.outcome_name_len,
                      "%s: decode one byte short", f->name);
                free(name);
            }
            {
                /* The ids, iterated, equal the event's. */
                sw_ids it;
                uint8_t id[16], want[16];
                int r;
                CHECK(sw_ids_begin(&view, &it) == SW_OK, "%s: ids_begin", f->name);
                for (k = 0; (r = sw_ids_next(&it, id)) == 1; k++) {
                    CHECK(sw_event_destination_id(&event, k, want) == SW_OK && memcmp(id, want, 16) == 0,
                          "%s: id %u", f->name, (unsigned)k);
                }
                CHECK(r == 0 && k == f->ids, "%s: %u ids iterated", f->name, (unsigned)k);
                CHECK(sw_event_destination_id(&event, k, want) == SW_ERR_ARGUMENT, "%s: id past the end", f->name);
            }
        }
        free(in);
    }
}

static void test_invalid(void) {
    size_t i;
    for (i = 0; i < N_INVALID; i++) {
        const struct invalid_row *r = &INVALID[i];
        unsigned char *in = copy(r->bytes, r->len);
        sw_options opts;
        sw_error err;
        sw_view view;
        uint16_t status = 0;
        sw_status st;

        memset(&opts, 0, sizeof opts);
        opts.strict = (uint8_t)r->strict;

        st = sw_validate(in, r->len, &opts, &err);
        if (r->owned_only) {
            CHECK(st == SW_OK, "%s: validate accepts (owned only)", r->name);
            CHECK(sw_parse_view(in, r->len, &opts, &view, &err) == SW_OK, "%s: view accepts", r->name);
        } else {
            CHECK(st == SW_REJECTED && error_is(&err, r->code, r->path, r->offset), "%s: validate", r->name);
            if (st != SW_REJECTED || !error_is(&err, r->code, r->path, r->offset)) show("validate", r->name, &err);
            st = sw_parse_view(in, r->len, &opts, &view, &err);
            CHECK(st == SW_REJECTED && error_is(&err, r->code, r->path, r->offset), "%s: parse_view", r->name);
            /* The HTTP decision: 400, or 413 for a body over the limit. */
            st = sw_decide((const uint8_t *)"POST", 4, (const uint8_t *)"application/json", 16, in, r->len, &opts,
                           &view, &status, &err);
            CHECK(st == SW_REJECTED && error_is(&err, r->code, r->path, r->offset) && status == err.http_status &&
                      status == (strcmp(r->code, "input_too_large") == 0 ? 413 : 400),
                  "%s: decide %u", r->name, (unsigned)status);
        }
        st = sw_parse_into(&event, in, r->len, &opts, &err);
        CHECK(st == SW_REJECTED && error_is(&err, r->code, r->path, r->offset) && event.valid == 0,
              "%s: parse_into", r->name);
        if (r->strict) {
            /* Only strict mode rejects it. */
            CHECK(sw_validate(in, r->len, NULL, &err) == SW_OK, "%s: lenient accepts", r->name);
        }
        {
            /* The path text: exact fit, one byte too small. */
            char path[64];
            size_t n = 0, want = strlen(r->path);
            sw_error e2;
            sw_validate(in, r->len, &opts, &e2);
            if (!r->owned_only) {
                CHECK(sw_error_path(&e2, (uint8_t *)path, want + 1, &n) == SW_OK && n == want, "%s: path fit",
                      r->name);
                CHECK(sw_error_path(&e2, (uint8_t *)path, want, &n) == SW_ERR_BUFFER_TOO_SMALL && n == want,
                      "%s: path one byte short", r->name);
            }
        }
        free(in);
    }
}

static void test_edges(void) {
    const struct fixture *f = &FIXTURES[N_FIXTURES - 1]; /* webhook-page-ms.json */
    unsigned char *in = copy(f->bytes, f->len);
    unsigned char *empty = copy(NULL, 0);
    sw_error err;
    sw_view view;
    sw_options opts;
    sw_event zeroed;
    uint8_t buf[64];
    size_t n;
    uint16_t status;

    /* NULL pointers: documented SW_ERR_NULL, never a crash. */
    CHECK(sw_validate(NULL, 0, NULL, &err) == SW_ERR_NULL, "validate NULL");
    CHECK(sw_validate(NULL, 10, NULL, NULL) == SW_ERR_NULL, "validate NULL, len");
    CHECK(sw_parse_view(in, f->len, NULL, NULL, &err) == SW_ERR_NULL, "parse_view NULL out");
    CHECK(sw_parse_view(NULL, f->len, NULL, &view, &err) == SW_ERR_NULL, "parse_view NULL in");
    CHECK(sw_parse_into(NULL, in, f->len, NULL, &err) == SW_ERR_NULL, "parse_into NULL event");
    CHECK(sw_parse_into(&event, NULL, 1, NULL, &err) == SW_ERR_NULL, "parse_into NULL in");
    CHECK(sw_event_init(NULL) == SW_ERR_NULL, "init NULL");
    CHECK(sw_event_read(NULL, NULL) == SW_ERR_NULL, "read NULL");
    CHECK(sw_event_to_json(NULL, buf, sizeof buf, &n) == SW_ERR_NULL, "to_json NULL event");
    CHECK(sw_event_to_json(&event, NULL, 100, &n) == SW_ERR_NULL, "to_json NULL buf");
    CHECK(sw_event_destination_id(&event, 0, NULL) == SW_ERR_NULL, "destination_id NULL");
    CHECK(sw_error_path(NULL, buf, sizeof buf, &n) == SW_ERR_NULL, "error_path NULL");
    CHECK(sw_error_path(&err, NULL, 10, &n) == SW_ERR_NULL, "error_path NULL buf");
    CHECK(sw_error_format(NULL, buf, sizeof buf, &n) == SW_ERR_NULL, "error_format NULL");
    CHECK(sw_str_decode(NULL, buf, sizeof buf, &n) == SW_ERR_NULL, "decode NULL");
    CHECK(sw_ids_begin(NULL, NULL) == SW_ERR_NULL, "ids_begin NULL");
    CHECK(sw_ids_next(NULL, buf) == SW_ERR_NULL, "ids_next NULL");
    CHECK(sw_uuid_format(NULL, buf, sizeof buf) == SW_ERR_NULL, "uuid_format NULL");
    CHECK(sw_options_default(NULL) == SW_ERR_NULL, "options_default NULL");
    CHECK(sw_decide(NULL, 0, NULL, 0, in, f->len, NULL, NULL, &status, &err) == SW_ERR_NULL, "decide NULL view");
    CHECK(sw_dedup_init(NULL, buf, sizeof buf) == SW_ERR_NULL, "dedup_init NULL");
    CHECK(strcmp(sw_error_code_str(SW_KIND_NONE), "none") == 0, "code none");
    CHECK(strcmp(sw_error_code_str(9999), "unknown") == 0, "code unknown");
    CHECK(strcmp(sw_error_code_str(SW_KIND_INVALID_UUID), "invalid_uuid") == 0, "code invalid_uuid");

    /* Zero length: the empty body is a payload, rejected like the Rust API does. */
    CHECK(sw_validate(empty, 0, NULL, &err) == SW_REJECTED && error_is(&err, "unexpected_end", "$", 0),
          "empty input");
    CHECK(sw_error_path(&err, buf, 0, &n) == SW_ERR_BUFFER_TOO_SMALL && n == 1, "path into 0 bytes");
    CHECK(sw_error_path(&err, buf, 1, &n) == SW_ERR_BUFFER_TOO_SMALL, "path into 1 byte");
    CHECK(sw_error_path(&err, buf, 2, &n) == SW_OK && strcmp((char *)buf, "$") == 0, "path into 2 bytes");
    CHECK(sw_error_format(&err, buf, sizeof buf, &n) == SW_OK &&
              strcmp((char *)buf, "unexpected_end at $ (byte 0): unexpected end of input") == 0,
          "format: %s", (char *)buf);
    err.field = 99;
    CHECK(sw_error_path(&err, buf, sizeof buf, &n) == SW_ERR_ARGUMENT, "path of a bad field");
    CHECK(sw_uuid_format(FIXTURES[0].bytes, buf, 36) == SW_ERR_BUFFER_TOO_SMALL, "uuid into 36 bytes");

    /* An event never initialised: SW_ERR_UNINITIALIZED, not undefined behaviour. */
    memset(&zeroed, 0, sizeof zeroed);
    CHECK(sw_parse_into(&zeroed, in, f->len, NULL, &err) == SW_ERR_UNINITIALIZED, "uninit parse_into");
    CHECK(sw_event_to_json(&zeroed, buf, sizeof buf, &n) == SW_ERR_UNINITIALIZED, "uninit to_json");
    CHECK(sw_event_init(&zeroed) == SW_OK, "init");
    CHECK(sw_event_to_json(&zeroed, buf, sizeof buf, &n) == SW_ERR_UNINITIALIZED, "to_json before a parse");
    CHECK(sw_parse_into(&zeroed, in, f->len, NULL, &err) == SW_OK, "parse after init");

    /* Options: the bounds and the clock window. */
    memset(&opts, 0, sizeof opts);
    opts.max_input_bytes = (uint32_t)f->len - 1;
    CHECK(sw_validate(in, f->len, &opts, &err) == SW_REJECTED &&
              error_is(&err, "input_too_large", "$", f->len - 1) && err.http_status == 413,
          "max_input_bytes");
    opts.max_input_bytes = (uint32_t)f->len;
    CHECK(sw_validate(in, f->len, &opts, &err) == SW_OK, "max_input_bytes exact");
    memset(&opts, 0, sizeof opts);
    opts.max_depth = 1;
    CHECK(sw_validate(in, f->len, &opts, &err) == SW_REJECTED && strcmp(sw_error_code_str(err.kind), "depth_limit") == 0,
          "max_depth");
    CHECK(sw_parse_view(in, f->len, NULL, &view, &err) == SW_OK, "view for the clock");
    memset(&opts, 0, sizeof opts);
    opts.check_clock = 1;
    opts.tolerance_ms = 1000;
    opts.now_ms = view.timestamp_ms + 1000;
    CHECK(sw_validate(in, f->len, &opts, &err) == SW_OK, "clock: at the edge");
    opts.now_ms = view.timestamp_ms + 1001;
    CHECK(sw_validate(in, f->len, &opts, &err) == SW_REJECTED &&
              strcmp(sw_error_code_str(err.kind), "timestamp_too_old") == 0 && err.field == SW_FIELD_TIMESTAMP,
          "clock: too old");
    opts.now_ms = view.timestamp_ms - 1001;
    CHECK(sw_validate(in, f->len, &opts, &err) == SW_REJECTED &&
              strcmp(sw_error_code_str(err.kind), "timestamp_in_future") == 0,
          "clock: future");
    CHECK(sw_options_default(&opts) == SW_OK && opts.strict == 0 && opts.max_input_bytes == 0, "defaults");

    /* HTTP decisions. */
    CHECK(sw_decide((const uint8_t *)"GET", 3, NULL, 0, NULL, 0, NULL, &view, &status, &err) == SW_REJECTED &&
              status == 405 && error_is(&err, "method_not_allowed", "$", 0),
          "GET");
    CHECK(sw_decide((const uint8_t *)"POST", 4, (const uint8_t *)"text/plain", 10, in, f->len, NULL, &view, &status,
                    &err) == SW_REJECTED &&
              status == 415,
          "text/plain");
    CHECK(sw_decide((const uint8_t *)"POST", 4, NULL, 0, in, f->len, NULL, &view, &status, &err) == SW_REJECTED &&
              status == 415,
          "no content type");
    CHECK(sw_decide((const uint8_t *)"POST", 4, (const uint8_t *)"application/json", 16, NULL, 0, NULL, &view,
                    &status, &err) == SW_ERR_NULL,
          "NULL body");
    CHECK(sw_decide((const uint8_t *)"POST", 4, (const uint8_t *)"Application/JSON; charset=UTF-8", 31, in, f->len,
                    NULL, &view, &status, &err) == SW_OK &&
              status == 200 && err.kind == SW_KIND_NONE,
          "accept");
    CHECK(sw_check_headers((const uint8_t *)"POST", 4, (const uint8_t *)"application/json", 16, &err) == SW_OK,
          "check_headers");
    CHECK(sw_check_headers((const uint8_t *)"P\xffST", 4, (const uint8_t *)"application/json", 16, &err) ==
                  SW_REJECTED &&
              err.http_status == 405,
          "method not UTF-8");
    CHECK(sw_check_headers((const uint8_t *)"POST", 4, (const uint8_t *)"application/json; charset=latin1", 32,
                           &err) == SW_REJECTED &&
              err.http_status == 415,
          "charset latin1");

    free(in);
    free(empty);
}

static void test_dedup(void) {
    uint8_t mem[2 * SW_DEDUP_KEY_BYTES + 5]; /* two keys; the remainder unused */
    uint8_t k1[32], k2[32], k3[32];
    sw_dedup d, zeroed;
    memset(k1, 1, 32);
    memset(k2, 2, 32);
    memset(k3, 3, 32);
    memset(&zeroed, 0, sizeof zeroed);

    CHECK(sw_dedup_init(&d, NULL, 64) == SW_ERR_NULL, "dedup NULL mem");
    CHECK(sw_dedup_init(&d, mem, SW_DEDUP_KEY_BYTES - 1) == SW_ERR_BUFFER_TOO_SMALL, "dedup 31 bytes");
    CHECK(sw_dedup_init(&d, mem, 0) == SW_ERR_BUFFER_TOO_SMALL, "dedup 0 bytes");
    CHECK(sw_dedup_check(&zeroed, k1) == SW_ERR_UNINITIALIZED, "dedup uninit");
    CHECK(sw_dedup_init(&d, mem, sizeof mem) == SW_OK && d.capacity == 2, "dedup init");
    CHECK(sw_dedup_check(&d, NULL) == SW_ERR_NULL, "dedup NULL key");
    CHECK(sw_dedup_check(NULL, k1) == SW_ERR_NULL, "dedup NULL");
    CHECK(sw_dedup_check(&d, k1) == 0, "k1 new");
    CHECK(sw_dedup_check(&d, k1) == 1, "k1 seen");
    CHECK(sw_dedup_contains(&d, k2) == 0, "k2 not contained");
    CHECK(sw_dedup_check(&d, k2) == 0, "k2 new");
    CHECK(sw_dedup_check(&d, k3) == 0, "k3 new, evicts k1");
    CHECK(sw_dedup_contains(&d, k1) == 0 && sw_dedup_contains(&d, k2) == 1 && sw_dedup_contains(&d, k3) == 1,
          "window after eviction");
    CHECK(sw_dedup_check(&d, k1) == 0, "k1 new again");
    CHECK(d.len == 2, "len %u", (unsigned)d.len);

    {
        /* A redelivered fixture is seen by its idempotency key. */
        const struct fixture *f = &FIXTURES[0];
        sw_view v;
        sw_error err;
        CHECK(sw_parse_view(f->bytes, f->len, NULL, &v, &err) == SW_OK, "view");
        CHECK(sw_dedup_check(&d, v.idempotency_key) == 0, "first delivery");
        CHECK(sw_dedup_check(&d, v.idempotency_key) == 1, "redelivery");
    }
}

int main(void) {
    if (sw_event_init(&event) != SW_OK) return 2;
    test_fixtures();
    test_invalid();
    test_edges();
    test_dedup();
    printf("C API (%s path): %u fixtures, %u invalid rows; %d checks, %d failed\n", sw_code_path(),
           (unsigned)N_FIXTURES, (unsigned)N_INVALID, checks, failures);
    return failures ? 1 : 0;
}

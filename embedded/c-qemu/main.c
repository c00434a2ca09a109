/* sailor-webhook from C on an emulated Cortex-M3 (qemu-system-arm -machine
 * lm3s6965evb, semihosting): checks every fixture and a set of invalid
 * payloads through the C ABI (the staticlib built no_std for
 * thumbv7m-none-eabi), prints one line per failure and
 * "c-qemu: N passed, M failed", and exits 0 only when every check passed.
 *
 * cases.h is generated at build time by ffi/examples/c_cases.rs from
 * tests/fixtures (with the host Rust API's result for each: the target must
 * give the same) and every 4th row of tests/data/invalid.jsonl (with the
 * row's own code, path and offset). */
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "cases.h"
#include "sailor_webhook.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static sw_event event; /* one owned event, reused for every parse */
static uint8_t json[SW_EVENT_MAX_JSON_LEN];
static unsigned passed, failed;

static void put_uint(unsigned long v) {
    char buf[12];
    int i = sizeof buf - 1;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v && i > 0);
    board_puts(&buf[i]);
}

static void check(int ok, const char *what, const char *name) {
    if (ok) {
        passed++;
        return;
    }
    failed++;
    board_puts("FAIL ");
    board_puts(what);
    board_puts(": ");
    board_puts(name);
    board_puts("\n");
}

/* Whether `err` is exactly code/path/offset. */
static int error_is(const sw_error *err, const char *code, const char *path, unsigned long offset) {
    char text[48];
    if (sw_error_path(err, (uint8_t *)text, sizeof text, NULL) != SW_OK) return 0;
    return strcmp(sw_error_code_str(err->kind), code) == 0 && strcmp(text, path) == 0 && err->offset == offset;
}

int main(void) {
    sw_options strict = {0};
    unsigned i;
    strict.strict = 1;
    if (sw_event_init(&event) != SW_OK) return 1;

    for (i = 0; i < COUNT(FIXTURES); i++) {
        const struct fixture *f = &FIXTURES[i];
        sw_error err;
        sw_view view;
        size_t n = 0;
        sw_status st = sw_parse_into(&event, f->bytes, f->len, NULL, &err);
        if (f->code) {
            check(st == SW_REJECTED && error_is(&err, f->code, f->path, f->offset), "fixture error", f->name);
            continue;
        }
        check(st == SW_OK, "fixture parse_into", f->name);
        check(sw_event_to_json(&event, json, sizeof json, &n) == SW_OK && n == strlen(f->json) &&
                  memcmp(json, f->json, n) == 0,
              "fixture canonical JSON", f->name);
        check(sw_parse_view(f->bytes, f->len, NULL, &view, &err) == SW_OK &&
                  view.destination_ids_count == f->ids,
              "fixture view", f->name);
        st = sw_validate(f->bytes, f->len, &strict, &err);
        check(f->strict_code ? st == SW_REJECTED && error_is(&err, f->strict_code, f->strict_path, f->strict_offset)
                             : st == SW_OK,
              "fixture strict", f->name);
    }

    for (i = 0; i < COUNT(INVALID); i++) {
        const struct invalid_row *r = &INVALID[i];
        sw_options opts = {0};
        sw_error err;
        opts.strict = (uint8_t)r->strict;
        if (!r->owned_only) {
            check(sw_validate(r->bytes, r->len, &opts, &err) == SW_REJECTED &&
                      error_is(&err, r->code, r->path, r->offset),
                  "invalid validate", r->name);
        }
        check(sw_parse_into(&event, r->bytes, r->len, &opts, &err) == SW_REJECTED &&
                  error_is(&err, r->code, r->path, r->offset),
              "invalid parse_into", r->name);
    }

    board_puts("c-qemu (");
    board_puts(sw_code_path());
    board_puts(" path): ");
    put_uint(COUNT(FIXTURES));
    board_puts(" fixtures, ");
    put_uint(COUNT(INVALID));
    board_puts(" invalid payloads; ");
    put_uint(passed);
    board_puts(" passed, ");
    put_uint(failed);
    board_puts(" failed\n");
    return failed ? 1 : 0;
}

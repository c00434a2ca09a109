/* The smallest C firmware that parses one Sailor outcome webhook through the
 * C ABI, built three ways by embedded/c-qemu/footprint.sh, as
 * embedded/footprint is for Rust:
 *
 *   (no define)         everything but the call (the baseline);
 *   -DFOOTPRINT_PARSE   the same plus sw_parse_into (the flash and RAM the C path adds);
 *   -DFOOTPRINT_PROBE   paints the stack, runs sw_parse_into (into a static
 *                       sw_event) and sw_parse_view on the docs' payload, and
 *                       reports the stack each used as key=value lines over
 *                       semihosting, under QEMU.
 *
 * The payload is the fixture webhook-page-ms.json, included with .incbin in
 * every build (so it is not counted as code). */
#include <stdint.h>

#include "board.h"
#include "sailor_webhook.h"

#define STR2(x) #x
#define STR(x) STR2(x)
__asm__(".section .rodata.payload,\"a\"\n"
        ".global payload\npayload:\n.incbin \"" STR(PAYLOAD_PATH) "\"\n"
        ".global payload_end\npayload_end:\n.previous\n");
extern const uint8_t payload[], payload_end[];

#if defined(FOOTPRINT_PARSE) || defined(FOOTPRINT_PROBE)
static sw_event event; /* the gateway's event, filled in place: RAM, not stack */
#endif

#ifndef FOOTPRINT_PROBE
int main(void) {
    const uint8_t *volatile input = payload;
    size_t volatile len = (size_t)(payload_end - payload);
#ifdef FOOTPRINT_PARSE
    sw_error err;
    sw_event_init(&event);
    sw_parse_into(&event, input, len, 0, &err);
    __asm__ volatile("" ::"r"(&event), "r"(&err) : "memory");
#endif
    for (;;) {
        __asm__ volatile("" ::"r"(input), "r"(len) : "memory");
    }
}
#else
#define PAINT_BYTES (24 * 1024)
#define PAINT 0x5A1C0DE5u

/* Stack bytes used by f: paints below the stack pointer, calls f, finds the
 * lowest word that changed (as embedded/footprint does). */
static uint32_t stack_used(int (*f)(void), int *ok) {
    uint32_t sp, at, low;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    sp &= ~3u;
    low = sp - PAINT_BYTES;
    for (at = low; at < sp; at += 4) *(volatile uint32_t *)at = PAINT;
    *ok = f();
    for (at = low; at < sp && *(volatile uint32_t *)at == PAINT; at += 4) {
    }
    return sp - at;
}

static const char NAME[] = "Interested";

static int name_is(const uint8_t *p, size_t n) {
    size_t i;
    if (n != sizeof NAME - 1) return 0;
    for (i = 0; i < n; i++)
        if (p[i] != (uint8_t)NAME[i]) return 0;
    return 1;
}

/* Only the parse: the event is read after the measurement (sw_event_read
 * copies its fields into a 200-byte struct the Rust probe does not need). */
__attribute__((noinline)) static int run_parse_into(void) {
    const uint8_t *volatile input = payload;
    sw_error err;
    return sw_parse_into(&event, input, (size_t)(payload_end - payload), 0, &err) == SW_OK;
}

static int event_ok(void) {
    sw_event_fields fields;
    return sw_event_read(&event, &fields) == SW_OK && name_is(fields.outcome_name, fields.outcome_name_len);
}

__attribute__((noinline)) static int run_view(void) {
    const uint8_t *volatile input = payload;
    sw_error err;
    sw_view view;
    if (sw_parse_view(input, (size_t)(payload_end - payload), 0, &view, &err) != SW_OK) return 0;
    return !view.outcome_name.escaped && name_is(view.outcome_name.ptr, view.outcome_name.len);
}

static void put_kv(const char *key, unsigned long v) {
    char buf[12];
    int i = sizeof buf - 1;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v && i > 0);
    board_puts(key);
    board_puts("=");
    board_puts(&buf[i]);
    board_puts("\n");
}

int main(void) {
    int ok_into, ok_view;
    uint32_t into, view;
    sw_event_init(&event);
    into = stack_used(run_parse_into, &ok_into);
    ok_into = ok_into && event_ok();
    view = stack_used(run_view, &ok_view);
    put_kv("c_stack_bytes", into);
    put_kv("c_view_stack_bytes", view);
    put_kv("c_sizeof_sw_event", sizeof(sw_event));
    put_kv("c_sizeof_sw_view", sizeof(sw_view));
    board_puts(ok_into && ok_view ? "c_parse_ok=true\n" : "c_parse_ok=false\n");
    return ok_into && ok_view ? 0 : 1;
}
#endif

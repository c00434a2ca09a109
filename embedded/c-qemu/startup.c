/* Start-up and semihosting for the C firmware: the vector table, a reset
 * handler that copies .data and zeroes .bss, and the two semihosting calls
 * used (print a string, exit with a status). No C library start files. */
#include <stdint.h>
#include "board.h"

extern uint32_t _stack_top, _data_start, _data_end, _data_load, _bss_start, _bss_end;
int main(void);
void reset_handler(void);
static void fault_handler(void);

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(&_stack_top), reset_handler, fault_handler, fault_handler, fault_handler,
    fault_handler, fault_handler, 0, 0, 0, 0, fault_handler, fault_handler, 0, fault_handler,
    fault_handler,
};

static int semihost(int op, const void *arg) {
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_puts(const char *s) { semihost(0x04 /* SYS_WRITE0 */, s); }

void board_exit(int status) {
    /* ADP_Stopped_ApplicationExit exits QEMU with 0; RunTimeErrorUnknown with 1. */
    semihost(0x18 /* SYS_EXIT */, (const void *)(uintptr_t)(status == 0 ? 0x20026 : 0x20023));
    for (;;) {
    }
}

void reset_handler(void) {
    uint32_t *src = &_data_load, *dst = &_data_start;
    while (dst < &_data_end) *dst++ = *src++;
    for (dst = &_bss_start; dst < &_bss_end;) *dst++ = 0;
#if defined(__ARM_FP)
    /* Hard-float builds: enable the FPU (CP10, CP11) before any code may use it. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n isb" ::: "memory");
#endif
    board_exit(main());
}

static void fault_handler(void) {
    board_puts("fault\n");
    board_exit(1);
}

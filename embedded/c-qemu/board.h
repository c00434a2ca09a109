/* The board services of the C firmware (startup.c): semihosting output and exit. */
#ifndef BOARD_H
#define BOARD_H
void board_puts(const char *s);
void board_exit(int status);
#endif

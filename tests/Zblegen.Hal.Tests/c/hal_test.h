// Minimal test harness for the HAL's C unit tests. Each program runs its
// cases in order and prints one line per case: "PASS name" or
// "FAIL name: file:line: message". The NUnit fixture maps lines to tests.

#ifndef ZBLEGEN_HAL_TEST_H
#define ZBLEGEN_HAL_TEST_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "zephyr_ble_hal.h"

// Fake port, see hal_test_port.c. Every case starts with all of it reset.
extern uint64_t test_clock_ms; // what port_ticks_ms returns
extern unsigned int test_idle_calls; // port_idle advances the clock by 1 ms
extern unsigned int test_wake_calls;
extern unsigned int test_port_poll_calls;
extern unsigned int test_port_poll_depth_max; // deepest nesting of port_poll
extern void (*test_port_poll_hook)(void); // run inside port_poll
extern k_tid_t test_port_poll_thread; // k_current_get() seen in port_poll
extern unsigned int test_mallocs;
extern unsigned int test_frees;
extern bool test_malloc_fails;
extern int test_irq_depth;
extern unsigned int test_irq_locks;
// Messages printed through port_log (the last 16), without line endings.
extern char test_log_text[16][128];
extern int test_log_level[16];
extern const char *test_log_module[16];
extern unsigned int test_log_count;
// port_fatal longjmps here when set (and aborts the program otherwise).
extern jmp_buf *test_fatal_jmp;
extern unsigned int test_fatal_calls;

void test_fail(const char *file, int line, const char *msg);
void test_fail_eq(const char *file, int line, const char *a, const char *b, long long va, long long vb);
void test_run(const char *name, void (*fn)(void));
int test_finish(void);

#define CHECK(cond) do { \
        if (!(cond)) { \
            test_fail(__FILE__, __LINE__, #cond); \
            return; \
        } \
} while (0)

#define CHECK_EQ(a, b) do { \
        long long va_ = (long long)(a), vb_ = (long long)(b); \
        if (va_ != vb_) { \
            test_fail_eq(__FILE__, __LINE__, #a, #b, va_, vb_); \
            return; \
        } \
} while (0)

#define RUN(name) test_run(#name, name)

// Advance the fake clock to t and run one pass.
static inline void poll_at(uint64_t t) {
    test_clock_ms = t;
    mp_bluetooth_zephyr_hal_poll();
}

#endif

// Fake port for the HAL tests: a clock that only moves when the HAL idles
// or a test sets it, so every test is deterministic.

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hal_test.h"
#include "zephyr_ble_log.h"

uint64_t test_clock_ms;
unsigned int test_idle_calls;
unsigned int test_wake_calls;
unsigned int test_port_poll_calls;
unsigned int test_port_poll_depth_max;
void (*test_port_poll_hook)(void);
k_tid_t test_port_poll_thread;
unsigned int test_mallocs;
unsigned int test_frees;
bool test_malloc_fails;
int test_irq_depth;
unsigned int test_irq_locks;

char test_log_text[16][128];
int test_log_level[16];
const char *test_log_module[16];
unsigned int test_log_count;
jmp_buf *test_fatal_jmp;
unsigned int test_fatal_calls;

static unsigned int port_poll_depth;
static uint8_t random_counter;

static const char *current_case;
static bool current_failed;
static int failures;

uint64_t mp_bluetooth_zephyr_port_ticks_ms(void) {
    return test_clock_ms;
}

void mp_bluetooth_zephyr_port_poll(void) {
    ++test_port_poll_calls;
    if (++port_poll_depth > test_port_poll_depth_max) {
        test_port_poll_depth_max = port_poll_depth;
    }
    test_port_poll_thread = k_current_get();
    if (test_port_poll_hook != NULL) {
        test_port_poll_hook();
    }
    --port_poll_depth;
}

void mp_bluetooth_zephyr_port_idle(void) {
    ++test_idle_calls;
    ++test_clock_ms;
}

void mp_bluetooth_zephyr_port_wake(void) {
    ++test_wake_calls;
}

void mp_bluetooth_zephyr_port_random(uint8_t *buf, size_t len) {
    for (size_t i = 0; i < len; ++i) {
        buf[i] = random_counter++;
    }
}

void *mp_bluetooth_zephyr_port_malloc(size_t size) {
    if (test_malloc_fails) {
        return NULL;
    }
    ++test_mallocs;
    return malloc(size);
}

void mp_bluetooth_zephyr_port_free(void *ptr) {
    ++test_frees;
    free(ptr);
}

unsigned int mp_bluetooth_zephyr_port_irq_lock(void) {
    ++test_irq_locks;
    return (unsigned int)test_irq_depth++;
}

void mp_bluetooth_zephyr_port_irq_unlock(unsigned int key) {
    --test_irq_depth;
    if ((unsigned int)test_irq_depth != key) {
        test_fail(__FILE__, __LINE__, "irq_unlock key does not match its irq_lock");
    }
}

void mp_bluetooth_zephyr_port_log(int level, const char *module, const char *fmt, ...) {
    unsigned int i = test_log_count++ % 16;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(test_log_text[i], sizeof(test_log_text[i]), fmt, ap);
    va_end(ap);
    test_log_level[i] = level;
    test_log_module[i] = module;
}

void mp_bluetooth_zephyr_port_fatal(void) {
    ++test_fatal_calls;
    if (test_fatal_jmp != NULL) {
        longjmp(*test_fatal_jmp, 1);
    }
    printf("FATAL outside a test that expects it\n");
    abort();
}

static void reset(void) {
    mp_bluetooth_zephyr_hal_deinit();
    memset(&mp_bluetooth_zephyr_hal_stats, 0, sizeof(mp_bluetooth_zephyr_hal_stats));
    test_clock_ms = 0;
    test_idle_calls = 0;
    test_wake_calls = 0;
    test_port_poll_calls = 0;
    test_port_poll_depth_max = 0;
    test_port_poll_hook = NULL;
    test_port_poll_thread = NULL;
    test_mallocs = 0;
    test_frees = 0;
    test_malloc_fails = false;
    test_irq_depth = 0;
    test_irq_locks = 0;
    random_counter = 0;
    test_log_count = 0;
    test_fatal_jmp = NULL;
    test_fatal_calls = 0;
}

void test_fail(const char *file, int line, const char *msg) {
    if (!current_failed) {
        printf("FAIL %s: %s:%d: %s\n", current_case, file, line, msg);
        fflush(stdout);
    }
    current_failed = true;
}

void test_fail_eq(const char *file, int line, const char *a, const char *b, long long va, long long vb) {
    char msg[512];
    snprintf(msg, sizeof(msg), "%s == %s: %lld != %lld", a, b, va, vb);
    test_fail(file, line, msg);
}

void test_run(const char *name, void (*fn)(void)) {
    reset();
    current_case = name;
    current_failed = false;
    fn();
    if (!current_failed) {
        if (test_irq_depth != 0) {
            test_fail(__FILE__, __LINE__, "irq_lock left held");
        } else {
            printf("PASS %s\n", name);
        }
    }
    failures += current_failed;
    fflush(stdout);
    reset();
}

int test_finish(void) {
    printf("DONE %d failed\n", failures);
    return 0;
}

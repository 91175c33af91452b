// The poll pass and cooperative semantics: nesting bound, queue
// serialisation while a handler blocks, transport pumping, K_FOREVER caps,
// time, sleeps and the port hooks.

#include <string.h>

#include "hal_test.h"

#define CHAIN 8

static struct k_work_q chain_q[CHAIN];
static struct k_work chain_w[CHAIN];
static struct k_sem never_given;
static int chain_depth;
static int chain_depth_max;
static int chain_ran;

static void chain_handler(struct k_work *w) {
    int i = (int)(w - chain_w);
    ++chain_ran;
    if (++chain_depth > chain_depth_max) {
        chain_depth_max = chain_depth;
    }
    if (i + 1 < CHAIN) {
        k_work_submit_to_queue(&chain_q[i + 1], &chain_w[i + 1]);
    }
    // Blocks: its wait runs nested passes, which run the next link.
    (void)k_sem_take(&never_given, K_MSEC(5));
    --chain_depth;
}

static void nested_passes_are_bounded(void) {
    k_sem_init(&never_given, 0, 1);
    chain_depth = chain_depth_max = chain_ran = 0;
    for (int i = 0; i < CHAIN; ++i) {
        k_work_queue_init(&chain_q[i]);
        k_work_queue_start(&chain_q[i], NULL, 0, 0, NULL);
        k_work_init(&chain_w[i], chain_handler);
    }
    k_work_submit_to_queue(&chain_q[0], &chain_w[0]);
    mp_bluetooth_zephyr_hal_poll();
    // The outer pass is depth 1 and runs link 0; each blocked link's passes
    // run the next one until passes are MP_BLUETOOTH_ZEPHYR_HAL_POLL_DEPTH_MAX deep.
    CHECK_EQ(chain_depth_max, MP_BLUETOOTH_ZEPHYR_HAL_POLL_DEPTH_MAX);
    CHECK(mp_bluetooth_zephyr_hal_stats.depth_limited > 0);
    CHECK_EQ(chain_depth, 0);
    // The rest of the chain runs in later passes, again bounded.
    for (int i = 0; i < CHAIN && chain_ran < CHAIN; ++i) {
        mp_bluetooth_zephyr_hal_poll();
    }
    CHECK_EQ(chain_ran, CHAIN);
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_queued_count(), 0);
}

static char order[16];
static size_t order_len;
static struct k_sem gate;
static struct k_work blocker, same_q, other_q_work;
static struct k_work_q other_q;

static void mark(char c) {
    order[order_len++] = c;
    order[order_len] = '\0';
}

static void blocker_handler(struct k_work *w) {
    (void)w;
    mark('[');
    k_work_submit(&same_q);
    k_work_submit_to_queue(&other_q, &other_q_work);
    CHECK_EQ(k_sem_take(&gate, K_MSEC(20)), 0);
    mark(']');
}

static void same_q_handler(struct k_work *w) {
    (void)w;
    mark('S');
}

static void other_q_handler(struct k_work *w) {
    (void)w;
    mark('O');
    k_sem_give(&gate);
}

static void blocked_queue_runs_nothing_else_until_its_handler_returns(void) {
    order_len = 0;
    order[0] = '\0';
    k_sem_init(&gate, 0, 1);
    k_work_queue_init(&other_q);
    k_work_queue_start(&other_q, NULL, 0, 0, NULL);
    k_work_init(&blocker, blocker_handler);
    k_work_init(&same_q, same_q_handler);
    k_work_init(&other_q_work, other_q_handler);
    k_work_submit(&blocker);
    mp_bluetooth_zephyr_hal_poll();
    // The other queue ran inside the blocked handler's wait; the system
    // queue's next item waited for the handler to return, then ran in the
    // same outer pass.
    CHECK(strcmp(order, "[O]S") == 0);
}

static int flush_ret = -1;

static void flush_same_queue(struct k_work *w) {
    (void)w;
    k_work_submit(&same_q);
    flush_ret = k_work_flush(&same_q, &(struct k_work_sync) { 0 });
}

static void flush_of_an_item_on_the_blocked_queue_returns_at_once(void) {
    static struct k_work flusher;
    order_len = 0;
    order[0] = '\0';
    k_work_init(&same_q, same_q_handler);
    k_work_init(&flusher, flush_same_queue);
    k_work_submit(&flusher);
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(flush_ret, 0);
    CHECK_EQ(test_clock_ms, 0);
    CHECK(strcmp(order, "S") == 0);
}

static int reentry_take_ret;

static void port_blocks(void) {
    // A transport that blocks (it should not) does not re-enter itself.
    reentry_take_ret = k_sem_take(&never_given, K_MSEC(3));
}

static void port_poll_is_never_reentered(void) {
    k_sem_init(&never_given, 0, 1);
    test_port_poll_hook = port_blocks;
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(reentry_take_ret, -EAGAIN);
    CHECK_EQ(test_port_poll_depth_max, 1);
    CHECK_EQ(test_port_poll_calls, 1);
}

static void blocking_handler(struct k_work *w) {
    (void)w;
    (void)k_sem_take(&never_given, K_MSEC(2));
}

static void port_poll_runs_as_its_own_thread_even_inside_a_handler(void) {
    static struct k_work w;
    k_sem_init(&never_given, 0, 1);
    k_work_init(&w, blocking_handler);
    k_work_submit(&w);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(test_port_poll_calls > 1);
    CHECK(test_port_poll_thread != NULL);
    CHECK(test_port_poll_thread != &k_sys_work_q.thread);
    CHECK(test_port_poll_thread != k_current_get());
    CHECK(strcmp(test_port_poll_thread->name, "hci rx") == 0);
}

static void forever_waits_are_capped(void) {
    CHECK_EQ(k_sleep(K_FOREVER), 0);
    CHECK_EQ(test_clock_ms, MP_BLUETOOTH_ZEPHYR_HAL_FOREVER_MS);
    CHECK_EQ(mp_bluetooth_zephyr_hal_stats.forever_capped, 1);
    static struct k_mutex m;
    k_mutex_init(&m);
    m.owner = &k_sys_work_q.thread;
    m.lock_count = 1;
    CHECK_EQ(k_mutex_lock(&m, K_FOREVER), -EAGAIN);
    CHECK_EQ(mp_bluetooth_zephyr_hal_stats.forever_capped, 2);
}

static unsigned int sleep_work_runs;

static void count_run(struct k_work *w) {
    (void)w;
    ++sleep_work_runs;
}

static void sleep_runs_due_work_and_takes_its_time(void) {
    static struct k_work_delayable d;
    sleep_work_runs = 0;
    k_work_init_delayable(&d, count_run);
    k_work_schedule(&d, K_MSEC(10));
    CHECK_EQ(k_msleep(30), 0);
    CHECK_EQ(test_clock_ms, 30);
    CHECK_EQ(sleep_work_runs, 1);
    k_usleep(1500);
    CHECK_EQ(test_clock_ms, 32);
    k_busy_wait(3000);
    CHECK_EQ(test_clock_ms, 35);
}

static void yield_runs_queued_work(void) {
    static struct k_work w;
    sleep_work_runs = 0;
    k_work_init(&w, count_run);
    k_work_submit(&w);
    k_yield();
    CHECK_EQ(sleep_work_runs, 1);
    k_work_submit(&w);
    k_sleep(K_NO_WAIT);
    CHECK_EQ(sleep_work_runs, 2);
    CHECK_EQ(test_clock_ms, 0);
}

static void timeout_macros(void) {
    CHECK(K_TIMEOUT_EQ(K_NO_WAIT, K_MSEC(0)));
    CHECK(!K_TIMEOUT_EQ(K_NO_WAIT, K_FOREVER));
    CHECK_EQ(K_FOREVER.ticks, K_TICKS_FOREVER);
    CHECK_EQ(K_MSEC(15).ticks, 15);
    CHECK_EQ(K_MSEC(-5).ticks, 0);
    CHECK_EQ(K_SECONDS(3).ticks, 3000);
    CHECK_EQ(K_MINUTES(2).ticks, 120000);
    CHECK_EQ(K_USEC(1).ticks, 1);
    CHECK_EQ(K_USEC(1000).ticks, 1);
    CHECK_EQ(K_USEC(1001).ticks, 2);
    CHECK_EQ(K_NSEC(1).ticks, 1);
    CHECK_EQ(k_ms_to_ticks_ceil32(7), 7);
    CHECK_EQ(K_SECONDS(1).ticks, MSEC_PER_SEC);
    CHECK_EQ(USEC_PER_MSEC * MSEC_PER_SEC, USEC_PER_SEC);
    CHECK(K_TIMEOUT_EQ(SYS_TIMEOUT_MS(SYS_FOREVER_MS), K_FOREVER));
    CHECK_EQ(SYS_TIMEOUT_MS(20).ticks, 20);
    CHECK_EQ(k_ticks_to_ms_floor32(7), 7);
}

static void uptime_cycles_and_timepoints(void) {
    test_clock_ms = 5000000000ULL;
    CHECK_EQ(k_uptime_get(), 5000000000LL);
    CHECK_EQ(k_uptime_get_32(), (uint32_t)5000000000ULL);
    CHECK_EQ(k_uptime_ticks(), 5000000000LL);
    CHECK_EQ(k_cycle_get_64(), 5000000000000ULL);
    CHECK_EQ(k_cycle_get_32(), (uint32_t)5000000000000ULL);
    int64_t ref = 4999999990LL;
    CHECK_EQ(k_uptime_delta(&ref), 10);
    CHECK_EQ(ref, 5000000000LL);
    k_timepoint_t tp = sys_timepoint_calc(K_MSEC(100));
    CHECK(!sys_timepoint_expired(tp));
    test_clock_ms += 40;
    CHECK_EQ(sys_timepoint_timeout(tp).ticks, 60);
    test_clock_ms += 60;
    CHECK(sys_timepoint_expired(tp));
    CHECK(sys_timepoint_expired(sys_timepoint_calc(K_NO_WAIT)));
    CHECK(K_TIMEOUT_EQ(sys_timepoint_timeout(sys_timepoint_calc(K_FOREVER)), K_FOREVER));
    CHECK_EQ(sys_timepoint_cmp(sys_timepoint_calc(K_MSEC(1)), sys_timepoint_calc(K_MSEC(2))), -1);
}

static void next_timeout_tells_the_port_when(void) {
    static struct k_work w;
    static struct k_work_delayable d;
    static struct k_timer t;
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), -1);
    k_timer_init(&t, NULL, NULL);
    k_timer_start(&t, K_MSEC(40), K_NO_WAIT);
    k_work_init_delayable(&d, count_run);
    k_work_schedule(&d, K_MSEC(25));
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), 25);
    test_clock_ms = 30;
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), 0);
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), 10);
    k_work_init(&w, count_run);
    k_work_submit(&w);
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), 0);
    poll_at(40);
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), -1);
}

static void current_thread_and_scheduler_lock(void) {
    k_tid_t main_thread = k_current_get();
    CHECK(main_thread != NULL);
    CHECK(!k_is_in_isr());
    k_sched_lock();
    k_sched_lock();
    k_sched_unlock();
    k_sched_unlock();
    k_sched_unlock();
    CHECK(k_current_get() == main_thread);
    // Aborting main is ignored.
    k_thread_abort(main_thread);
    CHECK(k_current_get() == main_thread);
}

static void random_comes_from_the_port(void) {
    uint8_t buf[4] = { 0 };
    sys_rand_get(buf, sizeof(buf));
    CHECK_EQ(buf[0], 0);
    CHECK_EQ(buf[3], 3);
    CHECK_EQ(sys_csrand_get(buf, 2), 0);
    CHECK_EQ(buf[0], 4);
    uint32_t r = sys_rand32_get();
    CHECK(r != 0);
}

static void panic_and_oops_end_in_the_port(void) {
    jmp_buf jb;
    volatile int reached = 0;
    test_fatal_jmp = &jb;
    if (setjmp(jb) == 0) {
        k_panic();
        reached = 1;
    }
    if (setjmp(jb) == 0) {
        k_oops();
        reached = 1;
    }
    test_fatal_jmp = NULL;
    CHECK_EQ(reached, 0);
    CHECK_EQ(test_fatal_calls, 2);
}

static jmp_buf escape;
static struct k_sem escape_sem;

static void escaping_handler(struct k_work *w) {
    (void)w;
    // Blocks (a nested pass), then leaves by longjmp as an nlr raise would.
    (void)k_sem_take(&escape_sem, K_MSEC(1));
    longjmp(escape, 1);
}

static void deinit_recovers_from_a_non_local_exit(void) {
    static struct k_work w, after;
    k_sem_init(&escape_sem, 0, 1);
    k_work_init(&w, escaping_handler);
    k_work_init(&after, count_run);
    sleep_work_runs = 0;
    k_work_submit(&w);
    if (setjmp(escape) == 0) {
        mp_bluetooth_zephyr_hal_poll();
        CHECK(false);
    }
    CHECK(k_current_get() == &k_sys_work_q.thread);
    mp_bluetooth_zephyr_hal_deinit();
    CHECK(k_current_get() != &k_sys_work_q.thread);
    CHECK_EQ(k_work_busy_get(&w), 0);
    CHECK_EQ(k_work_submit(&after), 1);
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(sleep_work_runs, 1);
}

static bool handler_saw_isr;

static void isr_probe(struct k_work *w) {
    (void)w;
    handler_saw_isr = k_is_in_isr();
}

static struct k_work isr_probe_work;
static struct k_sem isr_sem;

static void blocking_expiry(struct k_timer *t) {
    (void)t;
    k_work_submit(&isr_probe_work);
    (void)k_sem_take(&isr_sem, K_MSEC(2));
}

static void handlers_run_outside_isr_even_from_an_expiry_fn(void) {
    static struct k_timer t;
    handler_saw_isr = true;
    k_sem_init(&isr_sem, 0, 1);
    k_work_init(&isr_probe_work, isr_probe);
    k_timer_init(&t, blocking_expiry, NULL);
    k_timer_start(&t, K_MSEC(1), K_NO_WAIT);
    poll_at(1);
    CHECK(!handler_saw_isr);
    CHECK(!k_is_in_isr());
}

int main(void) {
    RUN(nested_passes_are_bounded);
    RUN(blocked_queue_runs_nothing_else_until_its_handler_returns);
    RUN(flush_of_an_item_on_the_blocked_queue_returns_at_once);
    RUN(port_poll_is_never_reentered);
    RUN(port_poll_runs_as_its_own_thread_even_inside_a_handler);
    RUN(forever_waits_are_capped);
    RUN(sleep_runs_due_work_and_takes_its_time);
    RUN(yield_runs_queued_work);
    RUN(timeout_macros);
    RUN(uptime_cycles_and_timepoints);
    RUN(next_timeout_tells_the_port_when);
    RUN(current_thread_and_scheduler_lock);
    RUN(random_comes_from_the_port);
    RUN(panic_and_oops_end_in_the_port);
    RUN(deinit_recovers_from_a_non_local_exit);
    RUN(handlers_run_outside_isr_even_from_an_expiry_fn);
    return test_finish();
}

// k_work, work queues and k_work_delayable.

#include <string.h>

#include "hal_test.h"

static char trace[64];
static size_t trace_len;

static void trace_add(char c) {
    if (trace_len + 1 < sizeof(trace)) {
        trace[trace_len++] = c;
        trace[trace_len] = '\0';
    }
}

static void trace_reset(void) {
    trace_len = 0;
    trace[0] = '\0';
}

static void handler_a(struct k_work *w) {
    (void)w;
    trace_add('A');
}

static void handler_b(struct k_work *w) {
    (void)w;
    trace_add('B');
}

static void handler_c(struct k_work *w) {
    (void)w;
    trace_add('C');
}

static struct k_work work_a, work_b, work_c;

static void init_abc(void) {
    trace_reset();
    k_work_init(&work_a, handler_a);
    k_work_init(&work_b, handler_b);
    k_work_init(&work_c, handler_c);
}

static void work_runs_in_submission_order(void) {
    init_abc();
    CHECK_EQ(k_work_submit(&work_b), 1);
    CHECK_EQ(k_work_submit(&work_a), 1);
    CHECK_EQ(k_work_submit(&work_c), 1);
    CHECK(strcmp(trace, "") == 0);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(strcmp(trace, "BAC") == 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_queued_count(), 0);
}

static void work_resubmit_while_queued_is_noop(void) {
    init_abc();
    CHECK_EQ(k_work_submit(&work_a), 1);
    CHECK_EQ(k_work_submit(&work_a), 0);
    CHECK_EQ(k_work_busy_get(&work_a), K_WORK_QUEUED);
    CHECK(k_work_is_pending(&work_a));
    mp_bluetooth_zephyr_hal_poll();
    CHECK(strcmp(trace, "A") == 0);
    CHECK_EQ(k_work_busy_get(&work_a), 0);
}

static void handler_submits_b(struct k_work *w) {
    (void)w;
    trace_add('S');
    k_work_submit(&work_b);
}

static void work_submitted_by_handler_runs_in_same_pass(void) {
    init_abc();
    k_work_init(&work_a, handler_submits_b);
    k_work_submit(&work_a);
    k_work_submit(&work_c);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(strcmp(trace, "SCB") == 0);
}

static int resubmit_ret;

static void handler_resubmits_self(struct k_work *w) {
    trace_add('R');
    CHECK_EQ(k_work_busy_get(w), K_WORK_RUNNING);
    resubmit_ret = k_work_submit(w);
}

static void work_resubmit_while_running_returns_2_and_budget_bounds_pass(void) {
    init_abc();
    k_work_init(&work_a, handler_resubmits_self);
    k_work_submit(&work_a);
    unsigned int wakes = test_wake_calls;
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(resubmit_ret, 2);
    CHECK_EQ(trace_len, MP_BLUETOOTH_ZEPHYR_HAL_WORK_PER_POLL);
    CHECK_EQ(mp_bluetooth_zephyr_hal_stats.budget_exhausted, 1);
    CHECK(test_wake_calls > wakes);
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), 0);
    k_work_cancel(&work_a);
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_queued_count(), 0);
}

static void work_submit_wakes_port_only_outside_a_pass(void) {
    init_abc();
    k_work_init(&work_a, handler_submits_b);
    k_work_submit(&work_a);
    CHECK_EQ(test_wake_calls, 1);
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(test_wake_calls, 1);
    CHECK(strcmp(trace, "SB") == 0);
}

static k_tid_t seen_thread;

static void handler_records_thread(struct k_work *w) {
    (void)w;
    seen_thread = k_current_get();
}

static void work_handler_runs_as_its_queue_thread(void) {
    static struct k_work w;
    k_work_init(&w, handler_records_thread);
    CHECK(k_current_get() != k_work_queue_thread_get(&k_sys_work_q));
    k_work_submit(&w);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(seen_thread == k_work_queue_thread_get(&k_sys_work_q));
    CHECK(seen_thread == &k_sys_work_q.thread);
    CHECK(k_current_get() != &k_sys_work_q.thread);
}

static K_KERNEL_STACK_DEFINE(my_stack, 1024);

static void work_custom_queue_start_and_submit(void) {
    static struct k_work_q q;
    const struct k_work_queue_config cfg = { .name = "my wq", .no_yield = false, .essential = false };
    static struct k_work w;
    k_work_init(&w, handler_records_thread);
    k_work_queue_init(&q);
    CHECK_EQ(k_work_submit_to_queue(&q, &w), -ENODEV);
    k_work_queue_start(&q, my_stack, K_KERNEL_STACK_SIZEOF(my_stack), K_PRIO_COOP(7), &cfg);
    CHECK_EQ(k_work_submit_to_queue(&q, &w), 1);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(seen_thread == k_work_queue_thread_get(&q));
    CHECK(strcmp(q.thread.name, "my wq") == 0);
    CHECK_EQ(k_thread_name_set(&q.thread, "renamed"), 0);
    CHECK(strcmp(q.thread.name, "renamed") == 0);
}

static void work_submit_to_null_queue_needs_a_previous_queue(void) {
    static struct k_work w;
    k_work_init(&w, handler_a);
    CHECK_EQ(k_work_submit_to_queue(NULL, &w), -EINVAL);
    CHECK_EQ(k_work_submit(&w), 1);
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(k_work_submit_to_queue(NULL, &w), 1);
    CHECK(w.queue == &k_sys_work_q);
}

static void work_cancel_pending_returns_0_and_it_never_runs(void) {
    init_abc();
    k_work_submit(&work_a);
    k_work_submit(&work_b);
    CHECK_EQ(k_work_cancel(&work_a), 0);
    CHECK_EQ(k_work_busy_get(&work_a), 0);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(strcmp(trace, "B") == 0);
}

static int cancel_self_ret;
static int submit_while_canceling_ret;

static void handler_cancels_self(struct k_work *w) {
    cancel_self_ret = k_work_cancel(w);
    submit_while_canceling_ret = k_work_submit(w);
}

static void work_cancel_from_own_handler_reports_running_and_canceling(void) {
    static struct k_work w;
    k_work_init(&w, handler_cancels_self);
    k_work_submit(&w);
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(cancel_self_ret, K_WORK_RUNNING | K_WORK_CANCELING);
    CHECK_EQ(submit_while_canceling_ret, -EBUSY);
    CHECK_EQ(k_work_busy_get(&w), 0);
    CHECK_EQ(k_work_submit(&w), 1);
}

static void work_cancel_sync_reports_pending(void) {
    init_abc();
    struct k_work_sync sync;
    CHECK(!k_work_cancel_sync(&work_a, &sync));
    k_work_submit(&work_a);
    CHECK(k_work_cancel_sync(&work_a, &sync));
    mp_bluetooth_zephyr_hal_poll();
    CHECK(strcmp(trace, "") == 0);
}

static void work_flush_runs_the_item(void) {
    init_abc();
    struct k_work_sync sync;
    k_work_submit(&work_a);
    CHECK(k_work_flush(&work_a, &sync));
    CHECK(strcmp(trace, "A") == 0);
    CHECK(!k_work_flush(&work_a, &sync));
}

static struct k_work_q abort_q;

static void work_thread_abort_drops_queue_items(void) {
    init_abc();
    k_work_queue_init(&abort_q);
    k_work_queue_start(&abort_q, NULL, 0, 0, NULL);
    k_work_submit_to_queue(&abort_q, &work_a);
    k_work_submit(&work_b);
    k_work_submit_to_queue(&abort_q, &work_c);
    k_thread_abort(&abort_q.thread);
    CHECK_EQ(k_work_busy_get(&work_a), 0);
    CHECK_EQ(k_work_submit_to_queue(&abort_q, &work_a), -ENODEV);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(strcmp(trace, "B") == 0);
    k_work_queue_init(&abort_q);
    k_work_queue_start(&abort_q, NULL, 0, 0, NULL);
    CHECK_EQ(k_work_submit_to_queue(&abort_q, &work_a), 1);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(strcmp(trace, "BA") == 0);
}

static void work_queue_plug_drain_unplug(void) {
    static struct k_work_q q;
    init_abc();
    k_work_queue_init(&q);
    k_work_queue_start(&q, NULL, 0, 0, NULL);
    k_work_submit_to_queue(&q, &work_a);
    CHECK_EQ(k_work_queue_drain(&q, true), 1);
    CHECK(strcmp(trace, "A") == 0);
    CHECK_EQ(k_work_submit_to_queue(&q, &work_b), -EBUSY);
    CHECK_EQ(k_work_queue_unplug(&q), 0);
    CHECK_EQ(k_work_queue_unplug(&q), -EALREADY);
    CHECK_EQ(k_work_submit_to_queue(&q, &work_b), 1);
    CHECK_EQ(k_work_queue_stop(&q, K_NO_WAIT), -EBUSY);
    k_work_queue_drain(&q, true);
    CHECK_EQ(k_work_queue_stop(&q, K_NO_WAIT), 0);
    CHECK_EQ(k_work_queue_stop(&q, K_NO_WAIT), -EALREADY);
}

static K_WORK_DEFINE(static_work, handler_c);

static void work_static_define_runs(void) {
    trace_reset();
    CHECK_EQ(k_work_submit(&static_work), 1);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(strcmp(trace, "C") == 0);
}

static void work_deinit_forgets_queued_and_delayed(void) {
    init_abc();
    static struct k_work_delayable d;
    k_work_init_delayable(&d, handler_b);
    k_work_submit(&work_a);
    k_work_schedule(&d, K_MSEC(10));
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_queued_count(), 1);
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_delayed_count(), 1);
    mp_bluetooth_zephyr_hal_deinit();
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_queued_count(), 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_delayed_count(), 0);
    CHECK_EQ(k_work_busy_get(&work_a), 0);
    CHECK_EQ(k_work_delayable_busy_get(&d), 0);
    poll_at(100);
    CHECK(strcmp(trace, "") == 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), -1);
}

// ---------------------------------------------------------------------------
// Delayable work

static struct k_work_delayable dwork;

static void dwork_runs_at_its_deadline(void) {
    init_abc();
    k_work_init_delayable(&dwork, handler_a);
    CHECK_EQ(k_work_schedule(&dwork, K_MSEC(100)), 1);
    CHECK_EQ(k_work_delayable_busy_get(&dwork), K_WORK_DELAYED);
    CHECK(k_work_delayable_is_pending(&dwork));
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), 100);
    poll_at(99);
    CHECK(strcmp(trace, "") == 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), 1);
    poll_at(100);
    CHECK(strcmp(trace, "A") == 0);
    CHECK_EQ(k_work_delayable_busy_get(&dwork), 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), -1);
}

static void dwork_schedule_when_pending_changes_nothing(void) {
    init_abc();
    k_work_init_delayable(&dwork, handler_a);
    CHECK_EQ(k_work_schedule(&dwork, K_MSEC(100)), 1);
    CHECK_EQ(k_work_schedule(&dwork, K_MSEC(50)), 0);
    poll_at(50);
    CHECK(strcmp(trace, "") == 0);
    poll_at(100);
    CHECK(strcmp(trace, "A") == 0);
}

static void dwork_reschedule_moves_the_deadline(void) {
    init_abc();
    k_work_init_delayable(&dwork, handler_a);
    k_work_schedule(&dwork, K_MSEC(100));
    test_clock_ms = 50;
    CHECK_EQ(k_work_reschedule(&dwork, K_MSEC(100)), 1);
    CHECK_EQ(k_work_delayable_expires_get(&dwork), 150);
    poll_at(100);
    CHECK(strcmp(trace, "") == 0);
    poll_at(149);
    CHECK(strcmp(trace, "") == 0);
    poll_at(150);
    CHECK(strcmp(trace, "A") == 0);
    // Earlier, too.
    k_work_reschedule(&dwork, K_MSEC(100));
    k_work_reschedule(&dwork, K_MSEC(10));
    poll_at(160);
    CHECK(strcmp(trace, "AA") == 0);
    poll_at(250);
    CHECK(strcmp(trace, "AA") == 0);
}

static void dwork_reschedule_no_wait_submits_now(void) {
    init_abc();
    k_work_init_delayable(&dwork, handler_a);
    k_work_schedule(&dwork, K_MSEC(100));
    CHECK_EQ(k_work_reschedule(&dwork, K_NO_WAIT), 1);
    CHECK_EQ(k_work_delayable_busy_get(&dwork), K_WORK_QUEUED);
    CHECK_EQ(k_work_reschedule(&dwork, K_NO_WAIT), 0);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(strcmp(trace, "A") == 0);
    poll_at(200);
    CHECK(strcmp(trace, "A") == 0);
}

static void dwork_cancel_pending_returns_0(void) {
    init_abc();
    k_work_init_delayable(&dwork, handler_a);
    k_work_schedule(&dwork, K_MSEC(100));
    CHECK_EQ(k_work_cancel_delayable(&dwork), 0);
    CHECK_EQ(k_work_delayable_busy_get(&dwork), 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_delayed_count(), 0);
    poll_at(200);
    CHECK(strcmp(trace, "") == 0);
    // Cancelling after the delay ran out but before the pass ran it.
    k_work_schedule(&dwork, K_MSEC(10));
    poll_at(210);
    CHECK(strcmp(trace, "A") == 0);
    k_work_schedule(&dwork, K_NO_WAIT);
    CHECK_EQ(k_work_cancel_delayable(&dwork), 0);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(strcmp(trace, "A") == 0);
}

static void dwork_cancel_sync_reports_pending(void) {
    init_abc();
    struct k_work_sync sync;
    k_work_init_delayable(&dwork, handler_a);
    CHECK(!k_work_cancel_delayable_sync(&dwork, &sync));
    k_work_schedule(&dwork, K_MSEC(5));
    CHECK(k_work_cancel_delayable_sync(&dwork, &sync));
    poll_at(10);
    CHECK(strcmp(trace, "") == 0);
}

static struct k_work_delayable *from_work_seen;

static void handler_from_work(struct k_work *w) {
    from_work_seen = k_work_delayable_from_work(w);
}

static void dwork_from_work_gives_the_container(void) {
    k_work_init_delayable(&dwork, handler_from_work);
    k_work_schedule(&dwork, K_MSEC(1));
    poll_at(1);
    CHECK(from_work_seen == &dwork);
}

static void dwork_remaining_and_expiry(void) {
    k_work_init_delayable(&dwork, handler_a);
    CHECK_EQ(k_work_delayable_remaining_get(&dwork), 0);
    test_clock_ms = 1000;
    k_work_schedule(&dwork, K_SECONDS(2));
    test_clock_ms = 1300;
    CHECK_EQ(k_ticks_to_ms_floor32(k_work_delayable_remaining_get(&dwork)), 1700);
    CHECK_EQ(k_work_delayable_expires_get(&dwork), 3000);
    test_clock_ms = 3500;
    CHECK_EQ(k_work_delayable_remaining_get(&dwork), 0);
}

static void dwork_forever_delay_never_fires(void) {
    init_abc();
    k_work_init_delayable(&dwork, handler_a);
    CHECK_EQ(k_work_schedule(&dwork, K_FOREVER), 1);
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), -1);
    poll_at(1000000);
    CHECK(strcmp(trace, "") == 0);
    CHECK_EQ(k_work_cancel_delayable(&dwork), 0);
}

static void dwork_same_deadline_keeps_scheduling_order(void) {
    static struct k_work_delayable d1, d2, d3;
    init_abc();
    k_work_init_delayable(&d1, handler_a);
    k_work_init_delayable(&d2, handler_b);
    k_work_init_delayable(&d3, handler_c);
    k_work_schedule(&d2, K_MSEC(20));
    k_work_schedule(&d3, K_MSEC(10));
    k_work_schedule(&d1, K_MSEC(20));
    poll_at(30);
    CHECK(strcmp(trace, "CBA") == 0);
}

static void dwork_flush_runs_now(void) {
    init_abc();
    struct k_work_sync sync;
    k_work_init_delayable(&dwork, handler_a);
    k_work_schedule(&dwork, K_SECONDS(10));
    CHECK(k_work_flush_delayable(&dwork, &sync));
    CHECK(strcmp(trace, "A") == 0);
    CHECK_EQ(test_clock_ms, 0);
}

static K_WORK_DELAYABLE_DEFINE(static_dwork, handler_b);

static void dwork_static_define_and_custom_queue(void) {
    static struct k_work_q q;
    init_abc();
    k_work_queue_init(&q);
    k_work_queue_start(&q, NULL, 0, 0, NULL);
    CHECK_EQ(k_work_schedule_for_queue(&q, &static_dwork, K_MSEC(5)), 1);
    poll_at(5);
    CHECK(strcmp(trace, "B") == 0);
    CHECK(static_dwork.work.queue == &q);
    CHECK_EQ(k_work_reschedule_for_queue(&q, &static_dwork, K_MSEC(5)), 1);
    poll_at(10);
    CHECK(strcmp(trace, "BB") == 0);
}

int main(void) {
    RUN(work_runs_in_submission_order);
    RUN(work_resubmit_while_queued_is_noop);
    RUN(work_submitted_by_handler_runs_in_same_pass);
    RUN(work_resubmit_while_running_returns_2_and_budget_bounds_pass);
    RUN(work_submit_wakes_port_only_outside_a_pass);
    RUN(work_handler_runs_as_its_queue_thread);
    RUN(work_custom_queue_start_and_submit);
    RUN(work_submit_to_null_queue_needs_a_previous_queue);
    RUN(work_cancel_pending_returns_0_and_it_never_runs);
    RUN(work_cancel_from_own_handler_reports_running_and_canceling);
    RUN(work_cancel_sync_reports_pending);
    RUN(work_flush_runs_the_item);
    RUN(work_thread_abort_drops_queue_items);
    RUN(work_queue_plug_drain_unplug);
    RUN(work_static_define_runs);
    RUN(work_deinit_forgets_queued_and_delayed);
    RUN(dwork_runs_at_its_deadline);
    RUN(dwork_schedule_when_pending_changes_nothing);
    RUN(dwork_reschedule_moves_the_deadline);
    RUN(dwork_reschedule_no_wait_submits_now);
    RUN(dwork_cancel_pending_returns_0);
    RUN(dwork_cancel_sync_reports_pending);
    RUN(dwork_from_work_gives_the_container);
    RUN(dwork_remaining_and_expiry);
    RUN(dwork_forever_delay_never_fires);
    RUN(dwork_same_deadline_keeps_scheduling_order);
    RUN(dwork_flush_runs_now);
    RUN(dwork_static_define_and_custom_queue);
    return test_finish();
}

// k_timer: one-shot and periodic expiry against the fake clock, stop, status.

#include "hal_test.h"

static unsigned int expiries;
static unsigned int stops;
static int64_t expiry_times[16];
static bool expiry_in_isr;

static void on_expiry(struct k_timer *t) {
    (void)t;
    if (expiries < 16) {
        expiry_times[expiries] = k_uptime_get();
    }
    ++expiries;
    expiry_in_isr = k_is_in_isr();
}

static void on_stop(struct k_timer *t) {
    (void)t;
    ++stops;
}

static struct k_timer timer;

static void reset_counts(void) {
    expiries = 0;
    stops = 0;
    expiry_in_isr = false;
}

static void timer_one_shot_expires_once(void) {
    reset_counts();
    k_timer_init(&timer, on_expiry, on_stop);
    k_timer_start(&timer, K_MSEC(50), K_NO_WAIT);
    CHECK_EQ(k_timer_remaining_get(&timer), 50);
    poll_at(49);
    CHECK_EQ(expiries, 0);
    poll_at(50);
    CHECK_EQ(expiries, 1);
    CHECK_EQ(expiry_times[0], 50);
    CHECK_EQ(k_timer_status_get(&timer), 1);
    CHECK_EQ(k_timer_status_get(&timer), 0);
    poll_at(500);
    CHECK_EQ(expiries, 1);
    CHECK_EQ(k_timer_remaining_ticks(&timer), 0);
    // Stopping an expired one-shot timer does not call the stop function.
    k_timer_stop(&timer);
    CHECK_EQ(stops, 0);
}

static void timer_expiry_runs_as_isr(void) {
    reset_counts();
    k_timer_init(&timer, on_expiry, NULL);
    k_timer_start(&timer, K_MSEC(1), K_NO_WAIT);
    poll_at(1);
    CHECK(expiry_in_isr);
    CHECK(!k_is_in_isr());
}

static void timer_periodic_keeps_phase(void) {
    reset_counts();
    k_timer_init(&timer, on_expiry, on_stop);
    k_timer_start(&timer, K_MSEC(10), K_MSEC(10));
    // Passes come late by varying amounts; deadlines stay on the 10 ms grid.
    poll_at(13);
    CHECK_EQ(expiries, 1);
    CHECK_EQ(k_timer_expires_ticks(&timer), 20);
    poll_at(19);
    CHECK_EQ(expiries, 1);
    poll_at(20);
    CHECK_EQ(expiries, 2);
    poll_at(29);
    CHECK_EQ(expiries, 2);
    poll_at(31);
    CHECK_EQ(expiries, 3);
    CHECK_EQ(k_timer_expires_ticks(&timer), 40);
    for (uint64_t t = 32; t <= 1000; ++t) {
        poll_at(t);
    }
    CHECK_EQ(expiries, 100);
    CHECK_EQ(k_timer_status_get(&timer), 100);
    k_timer_stop(&timer);
    CHECK_EQ(stops, 1);
    poll_at(2000);
    CHECK_EQ(expiries, 100);
}

static void timer_late_pass_coalesces_missed_periods(void) {
    reset_counts();
    k_timer_init(&timer, on_expiry, NULL);
    k_timer_start(&timer, K_MSEC(10), K_MSEC(10));
    poll_at(45);
    CHECK_EQ(expiries, 1);
    CHECK_EQ(k_timer_status_get(&timer), 4);
    CHECK_EQ(k_timer_expires_ticks(&timer), 50);
    poll_at(50);
    CHECK_EQ(expiries, 2);
    CHECK_EQ(k_timer_status_get(&timer), 1);
}

static void timer_stop_runs_stop_fn_once(void) {
    reset_counts();
    k_timer_init(&timer, on_expiry, on_stop);
    k_timer_start(&timer, K_MSEC(100), K_NO_WAIT);
    k_timer_stop(&timer);
    CHECK_EQ(stops, 1);
    k_timer_stop(&timer);
    CHECK_EQ(stops, 1);
    poll_at(200);
    CHECK_EQ(expiries, 0);
}

static void stop_self(struct k_timer *t) {
    ++expiries;
    k_timer_stop(t);
}

static void timer_periodic_stopped_from_its_expiry_fn(void) {
    reset_counts();
    k_timer_init(&timer, stop_self, on_stop);
    k_timer_start(&timer, K_MSEC(5), K_MSEC(5));
    poll_at(5);
    CHECK_EQ(expiries, 1);
    CHECK_EQ(stops, 1);
    poll_at(50);
    CHECK_EQ(expiries, 1);
}

static void timer_restart_resets_status_and_deadline(void) {
    reset_counts();
    k_timer_init(&timer, on_expiry, on_stop);
    k_timer_start(&timer, K_MSEC(10), K_NO_WAIT);
    poll_at(10);
    CHECK_EQ(timer.status, 1);
    k_timer_start(&timer, K_MSEC(10), K_NO_WAIT);
    CHECK_EQ(k_timer_status_get(&timer), 0);
    k_timer_start(&timer, K_MSEC(30), K_NO_WAIT);
    CHECK_EQ(stops, 0);
    poll_at(20);
    CHECK_EQ(expiries, 1);
    poll_at(40);
    CHECK_EQ(expiries, 2);
}

static void timer_forever_duration_does_not_start(void) {
    reset_counts();
    k_timer_init(&timer, on_expiry, on_stop);
    k_timer_start(&timer, K_FOREVER, K_MSEC(10));
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), -1);
    poll_at(100);
    CHECK_EQ(expiries, 0);
}

static void timer_no_wait_duration_expires_next_pass(void) {
    reset_counts();
    k_timer_init(&timer, on_expiry, on_stop);
    k_timer_start(&timer, K_NO_WAIT, K_NO_WAIT);
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), 0);
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(expiries, 1);
}

static void timer_status_sync_waits_through_passes(void) {
    reset_counts();
    k_timer_init(&timer, on_expiry, on_stop);
    k_timer_start(&timer, K_MSEC(20), K_NO_WAIT);
    CHECK_EQ(k_timer_status_sync(&timer), 1);
    CHECK_EQ(test_clock_ms, 20);
    // Stopped timers do not block.
    CHECK_EQ(k_timer_status_sync(&timer), 0);
    CHECK_EQ(test_clock_ms, 20);
}

static K_TIMER_DEFINE(static_timer, on_expiry, on_stop);

static void timer_static_define_and_user_data(void) {
    static int cookie;
    reset_counts();
    k_timer_user_data_set(&static_timer, &cookie);
    CHECK(k_timer_user_data_get(&static_timer) == &cookie);
    k_timer_start(&static_timer, K_MSEC(3), K_NO_WAIT);
    poll_at(3);
    CHECK_EQ(expiries, 1);
}

static void timer_zeroed_struct_is_still_a_timer(void) {
    static struct k_timer zeroed;
    k_timer_start(&zeroed, K_MSEC(3), K_NO_WAIT);
    poll_at(3);
    CHECK_EQ(k_timer_status_get(&zeroed), 1);
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_delayed_count(), 0);
}

int main(void) {
    RUN(timer_one_shot_expires_once);
    RUN(timer_expiry_runs_as_isr);
    RUN(timer_periodic_keeps_phase);
    RUN(timer_late_pass_coalesces_missed_periods);
    RUN(timer_stop_runs_stop_fn_once);
    RUN(timer_periodic_stopped_from_its_expiry_fn);
    RUN(timer_restart_resets_status_and_deadline);
    RUN(timer_forever_duration_does_not_start);
    RUN(timer_no_wait_duration_expires_next_pass);
    RUN(timer_status_sync_waits_through_passes);
    RUN(timer_static_define_and_user_data);
    RUN(timer_zeroed_struct_is_still_a_timer);
    return test_finish();
}

// Kernel timers on the shared timeout list (see zephyr_ble_hal.h).

#include "zephyr_ble_hal_internal.h"

void k_timer_init(struct k_timer *timer, k_timer_expiry_t expiry_fn, k_timer_stop_t stop_fn) {
    memset(timer, 0, sizeof(*timer));
    timer->timeout.kind = MP_ZB_TIMEOUT_TIMER;
    timer->expiry_fn = expiry_fn;
    timer->stop_fn = stop_fn;
}

void k_timer_start(struct k_timer *timer, k_timeout_t duration, k_timeout_t period) {
    if (K_TIMEOUT_EQ(duration, K_FOREVER)) {
        return;
    }
    mp_zb_timeout_disarm(&timer->timeout);
    // A zeroed timer that never went through k_timer_init is still a timer.
    timer->timeout.kind = MP_ZB_TIMEOUT_TIMER;
    timer->period = period.ticks > 0 ? period.ticks : 0;
    timer->status = 0;
    mp_zb_timeout_arm(&timer->timeout, mp_zb_deadline(duration));
}

void k_timer_stop(struct k_timer *timer) {
    if (mp_zb_timeout_disarm(&timer->timeout) && timer->stop_fn != NULL) {
        timer->stop_fn(timer);
    }
}

void mp_zb_timer_expired(struct mp_zb_timeout *t, int64_t now) {
    struct k_timer *timer = MP_ZB_CONTAINER_OF(t, struct k_timer, timeout);
    uint32_t count = 1;
    if (timer->period > 0) {
        // Next deadline keeps the phase of the first one; a late pass
        // coalesces the periods it missed into the status.
        int64_t missed = (now - t->deadline) / timer->period;
        count += (uint32_t)missed;
        mp_zb_timeout_arm(t, t->deadline + (missed + 1) * timer->period);
    }
    timer->status += count;
    if (timer->expiry_fn != NULL) {
        ++mp_zb_isr_depth;
        timer->expiry_fn(timer);
        --mp_zb_isr_depth;
    }
}

uint32_t k_timer_status_get(struct k_timer *timer) {
    uint32_t status = timer->status;
    timer->status = 0;
    return status;
}

static bool timer_expired_or_stopped(void *arg) {
    struct k_timer *timer = arg;
    return timer->status != 0 || !timer->timeout.armed;
}

uint32_t k_timer_status_sync(struct k_timer *timer) {
    (void)mp_zb_wait(timer_expired_or_stopped, timer, K_FOREVER);
    return k_timer_status_get(timer);
}

k_ticks_t k_timer_expires_ticks(const struct k_timer *timer) {
    return timer->timeout.armed ? timer->timeout.deadline : 0;
}

k_ticks_t k_timer_remaining_ticks(const struct k_timer *timer) {
    if (!timer->timeout.armed) {
        return 0;
    }
    int64_t remaining = timer->timeout.deadline - mp_zb_now();
    return remaining > 0 ? remaining : 0;
}

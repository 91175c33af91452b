// The cooperative core: time, the poll pass, blocking waits, the timeout
// list, and thread identity. See zephyr_ble_hal.h for the semantics.

#include "zephyr_ble_hal_internal.h"

struct mp_bluetooth_zephyr_hal_stats mp_bluetooth_zephyr_hal_stats;

struct k_thread mp_zb_main_thread = { .name = "main" };
// The transport's context, as Zephyr's HCI driver has an RX thread.
static struct k_thread rx_thread = { .name = "hci rx" };
struct k_thread *mp_zb_current = &mp_zb_main_thread;

static struct mp_zb_timeout *timeout_head;
static uint8_t poll_depth;
uint8_t mp_zb_isr_depth;
static bool in_port_poll;
static uint16_t sched_lock_count;

// ---------------------------------------------------------------------------
// Time

int64_t mp_zb_now(void) {
    return (int64_t)mp_bluetooth_zephyr_port_ticks_ms();
}

int64_t mp_zb_deadline(k_timeout_t timeout) {
    if (timeout.ticks == K_TICKS_FOREVER) {
        return MP_ZB_NEVER;
    }
    if (timeout.ticks < K_TICKS_FOREVER) {
        // Absolute timeout.
        return Z_TICK_ABS(timeout.ticks);
    }
    return mp_zb_now() + timeout.ticks;
}

int64_t k_uptime_ticks(void) {
    return mp_zb_now();
}

int64_t k_uptime_get(void) {
    return mp_zb_now();
}

uint32_t k_uptime_get_32(void) {
    return (uint32_t)mp_zb_now();
}

int64_t k_uptime_delta(int64_t *reftime) {
    int64_t now = mp_zb_now();
    int64_t delta = now - *reftime;
    *reftime = now;
    return delta;
}

uint32_t k_cycle_get_32(void) {
    return (uint32_t)k_cycle_get_64();
}

uint64_t k_cycle_get_64(void) {
    return (uint64_t)mp_zb_now() * 1000;
}

k_timepoint_t sys_timepoint_calc(k_timeout_t timeout) {
    k_timepoint_t tp;
    if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        tp.tick = 0;
    } else if (K_TIMEOUT_EQ(timeout, K_FOREVER)) {
        tp.tick = UINT64_MAX;
    } else {
        int64_t deadline = mp_zb_deadline(timeout);
        tp.tick = deadline > 0 ? (uint64_t)deadline : 0;
    }
    return tp;
}

k_timeout_t sys_timepoint_timeout(k_timepoint_t timepoint) {
    if (timepoint.tick == UINT64_MAX) {
        return K_FOREVER;
    }
    int64_t remaining = (int64_t)timepoint.tick - mp_zb_now();
    if (timepoint.tick == 0 || remaining <= 0) {
        return K_NO_WAIT;
    }
    return K_TICKS(remaining);
}

// ---------------------------------------------------------------------------
// Threads and contexts

k_tid_t k_current_get(void) {
    return mp_zb_current;
}

bool k_is_in_isr(void) {
    return mp_zb_isr_depth > 0;
}

int k_thread_name_set(k_tid_t thread, const char *str) {
    if (thread == NULL) {
        thread = mp_zb_current;
    }
    thread->name = str;
    return 0;
}

void k_thread_abort(k_tid_t thread) {
    // The only threads are work queues', main's and the transport's; the
    // last two cannot go away.
    if (thread == NULL || thread == &mp_zb_main_thread || thread == &rx_thread) {
        return;
    }
    mp_zb_work_queue_abort(MP_ZB_CONTAINER_OF(thread, struct k_work_q, thread));
}

void k_sched_lock(void) {
    ++sched_lock_count;
}

void k_sched_unlock(void) {
    if (sched_lock_count > 0) {
        --sched_lock_count;
    }
}

bool mp_zb_context_suspended(struct k_thread *thread) {
    if (thread == mp_zb_current) {
        return false;
    }
    if (thread == &mp_zb_main_thread) {
        // Everything runs on main's stack: any other context is above it.
        return true;
    }
    if (thread == &rx_thread) {
        return in_port_poll;
    }
    return MP_ZB_CONTAINER_OF(thread, struct k_work_q, thread)->running != NULL;
}

// ---------------------------------------------------------------------------
// Timeout list, sorted by deadline; equal deadlines keep arming order.

void mp_zb_timeout_arm(struct mp_zb_timeout *t, int64_t deadline) {
    mp_zb_timeout_disarm(t);
    t->deadline = deadline;
    t->armed = true;
    struct mp_zb_timeout **p = &timeout_head;
    while (*p != NULL && (*p)->deadline <= deadline) {
        p = &(*p)->next;
    }
    t->next = *p;
    *p = t;
    mp_zb_wake();
}

bool mp_zb_timeout_disarm(struct mp_zb_timeout *t) {
    if (!t->armed) {
        return false;
    }
    for (struct mp_zb_timeout **p = &timeout_head; *p != NULL; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->next = NULL;
    t->armed = false;
    return true;
}

// Returns true if due timeouts are left over for the next pass.
static bool run_due_timeouts(void) {
    int64_t now = mp_zb_now();
    for (unsigned int n = 0; timeout_head != NULL && timeout_head->deadline <= now; ++n) {
        if (n == MP_BLUETOOTH_ZEPHYR_HAL_WORK_PER_POLL) {
            return true;
        }
        struct mp_zb_timeout *t = timeout_head;
        timeout_head = t->next;
        t->next = NULL;
        t->armed = false;
        if (t->kind == MP_ZB_TIMEOUT_TIMER) {
            mp_zb_timer_expired(t, now);
        } else {
            mp_zb_dwork_expired(t);
        }
    }
    return false;
}

// ---------------------------------------------------------------------------
// The poll pass

void mp_zb_wake(void) {
    if (poll_depth == 0) {
        mp_bluetooth_zephyr_port_wake();
    }
}

// The transport delivers packets in its own context, not as whichever
// handler happens to be blocked.
static void pump_port(void) {
    if (in_port_poll) {
        return;
    }
    struct k_thread *saved = mp_zb_current;
    uint8_t saved_isr = mp_zb_isr_depth;
    in_port_poll = true;
    mp_zb_current = &rx_thread;
    mp_zb_isr_depth = 0;
    mp_bluetooth_zephyr_port_poll();
    mp_zb_isr_depth = saved_isr;
    mp_zb_current = saved;
    in_port_poll = false;
}

void mp_bluetooth_zephyr_hal_poll(void) {
    if (poll_depth >= MP_BLUETOOTH_ZEPHYR_HAL_POLL_DEPTH_MAX) {
        ++mp_bluetooth_zephyr_hal_stats.depth_limited;
        pump_port();
        return;
    }
    ++poll_depth;
    pump_port();
    bool left_over = run_due_timeouts();
    left_over |= mp_zb_work_run(MP_BLUETOOTH_ZEPHYR_HAL_WORK_PER_POLL);
    --poll_depth;
    if (left_over) {
        ++mp_bluetooth_zephyr_hal_stats.budget_exhausted;
        mp_zb_wake();
    }
}

int32_t mp_bluetooth_zephyr_hal_next_timeout_ms(void) {
    if (mp_zb_work_queued() > 0) {
        return 0;
    }
    if (timeout_head == NULL || timeout_head->deadline == MP_ZB_NEVER) {
        return -1;
    }
    int64_t delta = timeout_head->deadline - mp_zb_now();
    if (delta < 0) {
        return 0;
    }
    return delta > INT32_MAX ? INT32_MAX : (int32_t)delta;
}

void mp_bluetooth_zephyr_hal_deinit(void) {
    // Also recovers from a pass left by a non-local exit (nlr): nothing is
    // on the stack any more.
    poll_depth = 0;
    mp_zb_isr_depth = 0;
    in_port_poll = false;
    mp_zb_current = &mp_zb_main_thread;
    mp_zb_work_deinit();
    while (timeout_head != NULL) {
        struct mp_zb_timeout *t = timeout_head;
        timeout_head = t->next;
        t->next = NULL;
        t->armed = false;
        if (t->kind == MP_ZB_TIMEOUT_DWORK) {
            MP_ZB_CONTAINER_OF(t, struct k_work_delayable, timeout)->work.flags &= ~K_WORK_DELAYED;
        }
    }
    sched_lock_count = 0;
}

size_t mp_bluetooth_zephyr_hal_work_queued_count(void) {
    return mp_zb_work_queued();
}

size_t mp_bluetooth_zephyr_hal_work_delayed_count(void) {
    size_t n = 0;
    for (struct mp_zb_timeout *t = timeout_head; t != NULL; t = t->next) {
        n += t->kind == MP_ZB_TIMEOUT_DWORK;
    }
    return n;
}

// ---------------------------------------------------------------------------
// Blocking

int mp_zb_wait(mp_zb_try_t try_take, void *arg, k_timeout_t timeout) {
    if (try_take(arg)) {
        return 0;
    }
    if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        return -EBUSY;
    }
    bool forever = K_TIMEOUT_EQ(timeout, K_FOREVER);
    int64_t deadline = forever ? mp_zb_now() + MP_BLUETOOTH_ZEPHYR_HAL_FOREVER_MS : mp_zb_deadline(timeout);
    for (;;) {
        mp_bluetooth_zephyr_hal_poll();
        if (try_take(arg)) {
            return 0;
        }
        if (mp_zb_now() >= deadline) {
            mp_bluetooth_zephyr_hal_stats.forever_capped += forever;
            return -EAGAIN;
        }
        mp_bluetooth_zephyr_port_idle();
    }
}

static bool never(void *arg) {
    (void)arg;
    return false;
}

void k_yield(void) {
    mp_bluetooth_zephyr_hal_poll();
}

int32_t k_sleep(k_timeout_t timeout) {
    if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
        k_yield();
    } else {
        (void)mp_zb_wait(never, NULL, timeout);
    }
    return 0;
}

int32_t k_msleep(int32_t ms) {
    return k_sleep(K_MSEC(ms));
}

int32_t k_usleep(int32_t us) {
    return k_sleep(K_USEC(us));
}

void k_busy_wait(uint32_t usec_to_wait) {
    int64_t deadline = mp_zb_now() + ((int64_t)usec_to_wait + 999) / 1000;
    while (mp_zb_now() < deadline) {
        mp_bluetooth_zephyr_port_idle();
    }
}

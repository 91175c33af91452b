// Random schedule/reschedule/cancel/submit/poll sequences on delayable work
// and timers, checked against a model of the documented semantics after
// every step. Deterministic: a fixed-seed generator and the fake clock.

#include <stdio.h>

#include "hal_test.h"

#define N_DWORK 12
#define N_TIMER 4
#define STEPS 20000

static uint32_t rng_state;

static uint32_t rng(void) {
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

struct model {
    bool queued;
    bool delayed;
    int64_t deadline;
    unsigned int runs;
};

static struct k_work_delayable dwork[N_DWORK];
static struct model model[N_DWORK];
static unsigned int runs[N_DWORK];

static struct k_timer timers[N_TIMER];
static bool timer_running[N_TIMER];
static int64_t timer_deadline[N_TIMER];
static int64_t timer_period[N_TIMER];
static uint32_t timer_expected_status[N_TIMER];

static void handler(struct k_work *w) {
    runs[k_work_delayable_from_work(w) - dwork]++;
}

// What one pass does to the model at time now.
static void model_pass(int64_t now) {
    for (int i = 0; i < N_DWORK; ++i) {
        if (model[i].delayed && model[i].deadline <= now) {
            model[i].delayed = false;
            model[i].queued = true;
        }
    }
    for (int i = 0; i < N_DWORK; ++i) {
        if (model[i].queued) {
            model[i].queued = false;
            model[i].runs++;
        }
    }
    for (int i = 0; i < N_TIMER; ++i) {
        if (timer_running[i] && timer_deadline[i] <= now) {
            if (timer_period[i] > 0) {
                int64_t missed = (now - timer_deadline[i]) / timer_period[i];
                timer_expected_status[i] += 1 + (uint32_t)missed;
                timer_deadline[i] += (missed + 1) * timer_period[i];
            } else {
                timer_expected_status[i] += 1;
                timer_running[i] = false;
            }
        }
    }
}

static int expected_busy(int i) {
    return (model[i].queued ? K_WORK_QUEUED : 0) | (model[i].delayed ? K_WORK_DELAYED : 0);
}

static void random_operations_match_the_model(void) {
    rng_state = 12345;
    for (int i = 0; i < N_DWORK; ++i) {
        k_work_init_delayable(&dwork[i], handler);
        model[i] = (struct model) { 0 };
        runs[i] = 0;
    }
    for (int i = 0; i < N_TIMER; ++i) {
        k_timer_init(&timers[i], NULL, NULL);
        timer_running[i] = false;
        timer_expected_status[i] = 0;
    }
    for (int step = 0; step < STEPS; ++step) {
        int i = (int)(rng() % N_DWORK);
        int64_t now = (int64_t)test_clock_ms;
        int64_t delay = (int64_t)(rng() % 4 == 0 ? 0 : rng() % 50);
        int ret, expect;
        switch (rng() % 7) {
            case 0:
                ret = k_work_schedule(&dwork[i], K_MSEC(delay));
                if (model[i].queued || model[i].delayed) {
                    expect = 0;
                } else if (delay == 0) {
                    model[i].queued = true;
                    expect = 1;
                } else {
                    model[i].delayed = true;
                    model[i].deadline = now + delay;
                    expect = 1;
                }
                CHECK_EQ(ret, expect);
                break;
            case 1:
                ret = k_work_reschedule(&dwork[i], K_MSEC(delay));
                model[i].delayed = false;
                if (delay == 0) {
                    expect = model[i].queued ? 0 : 1;
                    model[i].queued = true;
                } else {
                    model[i].delayed = true;
                    model[i].deadline = now + delay;
                    expect = 1;
                }
                CHECK_EQ(ret, expect);
                break;
            case 2:
                CHECK_EQ(k_work_cancel_delayable(&dwork[i]), 0);
                model[i].queued = false;
                model[i].delayed = false;
                break;
            case 3:
                ret = k_work_submit(&dwork[i].work);
                CHECK_EQ(ret, model[i].queued ? 0 : 1);
                model[i].queued = true;
                break;
            case 4: {
                int t = i % N_TIMER;
                if (rng() % 3 == 0) {
                    k_timer_stop(&timers[t]);
                    timer_running[t] = false;
                } else {
                    int64_t period = (int64_t)(rng() % 3 == 0 ? 0 : 1 + rng() % 20);
                    k_timer_start(&timers[t], K_MSEC(delay), K_MSEC(period));
                    timer_running[t] = true;
                    timer_deadline[t] = now + delay;
                    timer_period[t] = period;
                    timer_expected_status[t] = 0;
                }
                break;
            }
            default:
                test_clock_ms += rng() % 20;
                mp_bluetooth_zephyr_hal_poll();
                model_pass((int64_t)test_clock_ms);
                break;
        }
        size_t queued = 0, delayed = 0;
        for (int j = 0; j < N_DWORK; ++j) {
            CHECK_EQ(k_work_delayable_busy_get(&dwork[j]), expected_busy(j));
            CHECK_EQ(runs[j], model[j].runs);
            if (model[j].delayed) {
                CHECK_EQ(k_work_delayable_expires_get(&dwork[j]), model[j].deadline);
            }
            queued += model[j].queued;
            delayed += model[j].delayed;
        }
        CHECK_EQ(mp_bluetooth_zephyr_hal_work_queued_count(), queued);
        CHECK_EQ(mp_bluetooth_zephyr_hal_work_delayed_count(), delayed);
        for (int t = 0; t < N_TIMER; ++t) {
            CHECK_EQ(timers[t].status, timer_expected_status[t]);
            CHECK_EQ(k_timer_remaining_ticks(&timers[t]) > 0 || !timer_running[t]
                || timer_deadline[t] <= (int64_t)test_clock_ms, 1);
            if (timer_running[t]) {
                CHECK_EQ(k_timer_expires_ticks(&timers[t]), timer_deadline[t]);
            }
        }
    }
    // Everything left runs down once time moves past all deadlines.
    for (int i = 0; i < N_TIMER; ++i) {
        k_timer_stop(&timers[i]);
    }
    test_clock_ms += 100;
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_queued_count(), 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_delayed_count(), 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_next_timeout_ms(), -1);
}

int main(void) {
    RUN(random_operations_match_the_model);
    return test_finish();
}

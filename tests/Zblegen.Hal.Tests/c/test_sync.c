// k_sem, k_mutex, k_condvar and poll signals, including waits that are
// satisfied from work handlers, delayed work and the transport.

#include "hal_test.h"

static struct k_sem sem;

static void sem_no_wait_is_ebusy(void) {
    CHECK_EQ(k_sem_init(&sem, 0, 1), 0);
    CHECK_EQ(k_sem_take(&sem, K_NO_WAIT), -EBUSY);
    CHECK_EQ(test_idle_calls, 0);
}

static void sem_timeout_is_eagain_after_exactly_the_timeout(void) {
    k_sem_init(&sem, 0, 1);
    test_clock_ms = 1000;
    CHECK_EQ(k_sem_take(&sem, K_MSEC(20)), -EAGAIN);
    CHECK_EQ(test_clock_ms, 1020);
    CHECK_EQ(mp_bluetooth_zephyr_hal_stats.forever_capped, 0);
}

static void give_sem(struct k_work *w) {
    (void)w;
    k_sem_give(&sem);
}

static void sem_given_by_work_wakes_blocked_take(void) {
    static struct k_work w;
    k_sem_init(&sem, 0, 1);
    k_work_init(&w, give_sem);
    k_work_submit(&w);
    CHECK_EQ(k_sem_take(&sem, K_MSEC(100)), 0);
    CHECK_EQ(test_clock_ms, 0);
    CHECK_EQ(k_sem_count_get(&sem), 0);
}

static void sem_given_by_delayed_work_wakes_at_its_deadline(void) {
    static struct k_work_delayable d;
    k_sem_init(&sem, 0, 1);
    k_work_init_delayable(&d, give_sem);
    k_work_schedule(&d, K_MSEC(30));
    CHECK_EQ(k_sem_take(&sem, K_MSEC(100)), 0);
    CHECK_EQ(test_clock_ms, 30);
}

static void give_from_port(void) {
    k_sem_give(&sem);
}

static void sem_given_by_transport_wakes_blocked_take(void) {
    k_sem_init(&sem, 0, 1);
    test_port_poll_hook = give_from_port;
    CHECK_EQ(k_sem_take(&sem, K_SECONDS(1)), 0);
    CHECK(test_port_poll_calls >= 1);
}

static void sem_forever_is_capped(void) {
    k_sem_init(&sem, 0, 1);
    CHECK_EQ(k_sem_take(&sem, K_FOREVER), -EAGAIN);
    CHECK_EQ(test_clock_ms, MP_BLUETOOTH_ZEPHYR_HAL_FOREVER_MS);
    CHECK_EQ(mp_bluetooth_zephyr_hal_stats.forever_capped, 1);
}

static void sem_absolute_timeout(void) {
    k_sem_init(&sem, 0, 1);
    test_clock_ms = 100;
    CHECK_EQ(k_sem_take(&sem, K_TIMEOUT_ABS_MS(130)), -EAGAIN);
    CHECK_EQ(test_clock_ms, 130);
}

static void sem_limit_init_and_reset(void) {
    CHECK_EQ(k_sem_init(&sem, 2, 1), -EINVAL);
    CHECK_EQ(k_sem_init(&sem, 0, 0), -EINVAL);
    CHECK_EQ(k_sem_init(&sem, 1, 2), 0);
    k_sem_give(&sem);
    k_sem_give(&sem);
    CHECK_EQ(k_sem_count_get(&sem), 2);
    k_sem_reset(&sem);
    CHECK_EQ(k_sem_count_get(&sem), 0);
}

static K_SEM_DEFINE(static_sem, 1, K_SEM_MAX_LIMIT);

static void sem_static_define(void) {
    CHECK_EQ(k_sem_take(&static_sem, K_NO_WAIT), 0);
    CHECK_EQ(k_sem_take(&static_sem, K_NO_WAIT), -EBUSY);
    k_sem_give(&static_sem);
    CHECK_EQ(static_sem.limit, K_SEM_MAX_LIMIT);
}

// ---------------------------------------------------------------------------

static struct k_mutex mutex;

static void mutex_nests_for_its_owner(void) {
    k_mutex_init(&mutex);
    CHECK_EQ(k_mutex_lock(&mutex, K_NO_WAIT), 0);
    CHECK_EQ(k_mutex_lock(&mutex, K_FOREVER), 0);
    CHECK_EQ(k_mutex_unlock(&mutex), 0);
    CHECK(mutex.owner == k_current_get());
    CHECK_EQ(k_mutex_unlock(&mutex), 0);
    CHECK(mutex.owner == NULL);
    CHECK_EQ(k_mutex_unlock(&mutex), -EINVAL);
    CHECK_EQ(test_idle_calls, 0);
}

static int handler_lock_ret;
static int handler_unlock_ret;

static void lock_from_work(struct k_work *w) {
    (void)w;
    handler_lock_ret = k_mutex_lock(&mutex, K_NO_WAIT);
    handler_unlock_ret = k_mutex_unlock(&mutex);
}

static void mutex_held_by_main_is_busy_for_a_work_queue(void) {
    static struct k_work w;
    k_mutex_init(&mutex);
    k_mutex_lock(&mutex, K_FOREVER);
    k_work_init(&w, lock_from_work);
    k_work_submit(&w);
    mp_bluetooth_zephyr_hal_poll();
    CHECK_EQ(handler_lock_ret, -EBUSY);
    CHECK_EQ(handler_unlock_ret, -EPERM);
    CHECK_EQ(k_mutex_unlock(&mutex), 0);
}

static void lock_and_keep(struct k_work *w) {
    (void)w;
    k_mutex_lock(&mutex, K_NO_WAIT);
}

static void unlock_later(struct k_work *w) {
    (void)w;
    k_mutex_unlock(&mutex);
}

static void mutex_contended_lock_waits_for_release(void) {
    static struct k_work locker;
    static struct k_work_delayable unlocker;
    k_mutex_init(&mutex);
    k_work_init(&locker, lock_and_keep);
    k_work_init_delayable(&unlocker, unlock_later);
    k_work_submit(&locker);
    mp_bluetooth_zephyr_hal_poll();
    CHECK(mutex.owner == &k_sys_work_q.thread);
    CHECK_EQ(k_mutex_lock(&mutex, K_MSEC(5)), -EAGAIN);
    k_work_schedule(&unlocker, K_MSEC(10));
    CHECK_EQ(k_mutex_lock(&mutex, K_MSEC(50)), 0);
    CHECK_EQ(test_clock_ms, 15);
    CHECK(mutex.owner == k_current_get());
    k_mutex_unlock(&mutex);
}

static int suspended_lock_ret;
static uint64_t suspended_lock_clock;

static void lock_held_by_suspended_main(struct k_work *w) {
    (void)w;
    suspended_lock_clock = test_clock_ms;
    suspended_lock_ret = k_mutex_lock(&mutex, K_MSEC(500));
    suspended_lock_clock = test_clock_ms - suspended_lock_clock;
}

static void mutex_owned_by_a_suspended_frame_fails_fast(void) {
    static struct k_work w;
    static struct k_sem s;
    k_mutex_init(&mutex);
    k_sem_init(&s, 0, 1);
    k_mutex_lock(&mutex, K_NO_WAIT);
    k_work_init(&w, lock_held_by_suspended_main);
    k_work_submit(&w);
    // Main blocks (holding the mutex); the handler runs in its nested pass.
    CHECK_EQ(k_sem_take(&s, K_MSEC(3)), -EAGAIN);
    CHECK_EQ(suspended_lock_ret, -EAGAIN);
    CHECK_EQ(suspended_lock_clock, 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_stats.deadlocks_avoided, 1);
    CHECK_EQ(k_mutex_unlock(&mutex), 0);
}

static K_MUTEX_DEFINE(static_mutex);

static void mutex_static_define(void) {
    CHECK_EQ(k_mutex_lock(&static_mutex, K_NO_WAIT), 0);
    CHECK_EQ(k_mutex_unlock(&static_mutex), 0);
}

// ---------------------------------------------------------------------------

static struct {
    struct k_mutex lock;
    struct k_condvar condvar;
    bool ready;
} shared = {
    .lock = Z_MUTEX_INITIALIZER(shared.lock),
    .condvar = Z_CONDVAR_INITIALIZER(shared.condvar),
};

static int broadcast_woke;

static void broadcast_from_work(struct k_work *w) {
    (void)w;
    k_mutex_lock(&shared.lock, K_FOREVER);
    shared.ready = true;
    broadcast_woke = k_condvar_broadcast(&shared.condvar);
    k_mutex_unlock(&shared.lock);
}

static void condvar_wait_woken_by_work(void) {
    static struct k_work w;
    shared.ready = false;
    k_work_init(&w, broadcast_from_work);
    k_mutex_lock(&shared.lock, K_FOREVER);
    k_work_submit(&w);
    CHECK_EQ(k_condvar_wait(&shared.condvar, &shared.lock, K_MSEC(100)), 0);
    CHECK(shared.ready);
    CHECK_EQ(broadcast_woke, 1);
    CHECK(shared.lock.owner == k_current_get());
    CHECK_EQ(k_mutex_unlock(&shared.lock), 0);
}

static void condvar_wait_times_out_and_relocks(void) {
    k_mutex_lock(&shared.lock, K_FOREVER);
    CHECK_EQ(k_condvar_wait(&shared.condvar, &shared.lock, K_MSEC(7)), -EAGAIN);
    CHECK_EQ(test_clock_ms, 7);
    CHECK(shared.lock.owner == k_current_get());
    CHECK_EQ(k_mutex_unlock(&shared.lock), 0);
    CHECK_EQ(k_condvar_signal(&shared.condvar), 0);
    CHECK_EQ(k_condvar_broadcast(&shared.condvar), 0);
}

static struct k_poll_signal signal = K_POLL_SIGNAL_INITIALIZER(signal);

static void poll_signal_raise_check_reset(void) {
    unsigned int signaled;
    int result;
    k_poll_signal_check(&signal, &signaled, &result);
    CHECK_EQ(signaled, 0);
    CHECK_EQ(k_poll_signal_raise(&signal, 42), 0);
    k_poll_signal_check(&signal, &signaled, &result);
    CHECK_EQ(signaled, 1);
    CHECK_EQ(result, 42);
    k_poll_signal_reset(&signal);
    k_poll_signal_check(&signal, &signaled, &result);
    CHECK_EQ(signaled, 0);
}

int main(void) {
    RUN(sem_no_wait_is_ebusy);
    RUN(sem_timeout_is_eagain_after_exactly_the_timeout);
    RUN(sem_given_by_work_wakes_blocked_take);
    RUN(sem_given_by_delayed_work_wakes_at_its_deadline);
    RUN(sem_given_by_transport_wakes_blocked_take);
    RUN(sem_forever_is_capped);
    RUN(sem_absolute_timeout);
    RUN(sem_limit_init_and_reset);
    RUN(sem_static_define);
    RUN(mutex_nests_for_its_owner);
    RUN(mutex_held_by_main_is_busy_for_a_work_queue);
    RUN(mutex_contended_lock_waits_for_release);
    RUN(mutex_owned_by_a_suspended_frame_fails_fast);
    RUN(mutex_static_define);
    RUN(condvar_wait_woken_by_work);
    RUN(condvar_wait_times_out_and_relocks);
    RUN(poll_signal_raise_check_reset);
    return test_finish();
}

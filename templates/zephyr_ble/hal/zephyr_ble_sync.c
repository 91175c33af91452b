// Semaphores, mutexes, condition variables and poll signals.
//
// Waiting is a loop of poll passes (mp_zb_wait); whoever gives or unlocks
// does so from a work handler, a timer or the transport inside those passes.

#include "zephyr_ble_hal_internal.h"

// ---------------------------------------------------------------------------
// Semaphores

int k_sem_init(struct k_sem *sem, unsigned int initial_count, unsigned int limit) {
    if (limit == 0 || initial_count > limit) {
        return -EINVAL;
    }
    sem->count = initial_count;
    sem->limit = limit;
    return 0;
}

static bool sem_try_take(void *arg) {
    struct k_sem *sem = arg;
    if (sem->count == 0) {
        return false;
    }
    --sem->count;
    return true;
}

int k_sem_take(struct k_sem *sem, k_timeout_t timeout) {
    return mp_zb_wait(sem_try_take, sem, timeout);
}

void k_sem_give(struct k_sem *sem) {
    if (sem->count < sem->limit) {
        ++sem->count;
    }
}

void k_sem_reset(struct k_sem *sem) {
    sem->count = 0;
}

// ---------------------------------------------------------------------------
// Mutexes

int k_mutex_init(struct k_mutex *mutex) {
    mutex->owner = NULL;
    mutex->lock_count = 0;
    return 0;
}

struct mutex_req {
    struct k_mutex *mutex;
    struct k_thread *self;
};

static bool mutex_try_lock(void *arg) {
    struct mutex_req *req = arg;
    struct k_mutex *mutex = req->mutex;
    if (mutex->owner != NULL && mutex->owner != req->self) {
        return false;
    }
    mutex->owner = req->self;
    ++mutex->lock_count;
    return true;
}

int k_mutex_lock(struct k_mutex *mutex, k_timeout_t timeout) {
    struct mutex_req req = { mutex, k_current_get() };
    if (!K_TIMEOUT_EQ(timeout, K_NO_WAIT) && mutex->owner != NULL
        && mp_zb_context_suspended(mutex->owner)) {
        // The owner cannot run until we return: fail now rather than stall
        // the whole stack for the timeout.
        ++mp_bluetooth_zephyr_hal_stats.deadlocks_avoided;
        return -EAGAIN;
    }
    return mp_zb_wait(mutex_try_lock, &req, timeout);
}

int k_mutex_unlock(struct k_mutex *mutex) {
    if (mutex->owner == NULL) {
        return -EINVAL;
    }
    if (mutex->owner != k_current_get()) {
        return -EPERM;
    }
    if (--mutex->lock_count == 0) {
        mutex->owner = NULL;
    }
    return 0;
}

// ---------------------------------------------------------------------------
// Condition variables: wakeups are tokens that waiters pick up.

int k_condvar_init(struct k_condvar *condvar) {
    condvar->waiters = 0;
    condvar->wakeups = 0;
    return 0;
}

int k_condvar_signal(struct k_condvar *condvar) {
    if (condvar->wakeups < condvar->waiters) {
        ++condvar->wakeups;
    }
    return 0;
}

int k_condvar_broadcast(struct k_condvar *condvar) {
    int woken = condvar->waiters - condvar->wakeups;
    condvar->wakeups = condvar->waiters;
    return woken;
}

static bool condvar_try_wake(void *arg) {
    struct k_condvar *condvar = arg;
    if (condvar->wakeups == 0) {
        return false;
    }
    --condvar->wakeups;
    return true;
}

int k_condvar_wait(struct k_condvar *condvar, struct k_mutex *mutex, k_timeout_t timeout) {
    ++condvar->waiters;
    (void)k_mutex_unlock(mutex);
    int err = mp_zb_wait(condvar_try_wake, condvar, timeout);
    --condvar->waiters;
    if (condvar->wakeups > condvar->waiters) {
        condvar->wakeups = condvar->waiters;
    }
    (void)k_mutex_lock(mutex, K_FOREVER);
    return err == 0 ? 0 : -EAGAIN;
}

// ---------------------------------------------------------------------------
// Poll signals

void k_poll_signal_init(struct k_poll_signal *sig) {
    sig->signaled = 0;
    sig->result = 0;
}

void k_poll_signal_reset(struct k_poll_signal *sig) {
    sig->signaled = 0;
}

void k_poll_signal_check(struct k_poll_signal *sig, unsigned int *signaled, int *result) {
    *signaled = sig->signaled;
    *result = sig->result;
}

int k_poll_signal_raise(struct k_poll_signal *sig, int result) {
    sig->result = result;
    sig->signaled = 1;
    return 0;
}

// Work items, work queues and delayable work, run by the poll pass.
//
// All queues share one run list in submission order; each item remembers
// its queue. A queue with a handler on the stack is skipped by nested passes,
// so a queue never runs two of its items at once, as its thread would not.

#include "zephyr_ble_hal_internal.h"

struct k_work_q k_sys_work_q = {
    .thread = { .name = "sysworkq" },
    .flags = MP_ZB_WORK_Q_STARTED,
};

static struct k_work *run_head;
static struct k_work *run_tail;

// Items whose handlers are on the stack, innermost last. Passes nest at most
// MP_BLUETOOTH_ZEPHYR_HAL_POLL_DEPTH_MAX deep and each runs one at a time.
static struct k_work *running[MP_BLUETOOTH_ZEPHYR_HAL_POLL_DEPTH_MAX];
static uint8_t running_depth;

// ---------------------------------------------------------------------------
// Run list

static void run_list_append(struct k_work *work) {
    work->next = NULL;
    if (run_tail != NULL) {
        run_tail->next = work;
    } else {
        run_head = work;
    }
    run_tail = work;
}

static void run_list_unlink(struct k_work *prev, struct k_work *work) {
    if (prev != NULL) {
        prev->next = work->next;
    } else {
        run_head = work->next;
    }
    if (run_tail == work) {
        run_tail = prev;
    }
    work->next = NULL;
}

static void run_list_remove(struct k_work *work) {
    struct k_work *prev = NULL;
    for (struct k_work *w = run_head; w != NULL; prev = w, w = w->next) {
        if (w == work) {
            run_list_unlink(prev, w);
            return;
        }
    }
}

// First item whose queue is free to run, unlinked.
static struct k_work *run_list_take(void) {
    struct k_work *prev = NULL;
    for (struct k_work *w = run_head; w != NULL; prev = w, w = w->next) {
        if (w->queue->running == NULL) {
            run_list_unlink(prev, w);
            return w;
        }
    }
    return NULL;
}

static bool run_list_has_runnable(void) {
    for (struct k_work *w = run_head; w != NULL; w = w->next) {
        if (w->queue->running == NULL) {
            return true;
        }
    }
    return false;
}

size_t mp_zb_work_queued(void) {
    size_t n = 0;
    for (struct k_work *w = run_head; w != NULL; w = w->next) {
        ++n;
    }
    return n;
}

static void run_one(struct k_work *work) {
    struct k_work_q *queue = work->queue;
    struct k_thread *saved = mp_zb_current;
    uint8_t saved_isr = mp_zb_isr_depth;
    work->flags = (work->flags & ~K_WORK_QUEUED) | K_WORK_RUNNING;
    queue->running = work;
    running[running_depth++] = work;
    mp_zb_current = &queue->thread;
    mp_zb_isr_depth = 0;
    work->handler(work);
    mp_zb_isr_depth = saved_isr;
    mp_zb_current = saved;
    --running_depth;
    queue->running = NULL;
    work->flags &= ~(K_WORK_RUNNING | K_WORK_CANCELING);
}

bool mp_zb_work_run(unsigned int budget) {
    for (unsigned int n = 0; n < budget; ++n) {
        struct k_work *work = run_list_take();
        if (work == NULL) {
            return false;
        }
        run_one(work);
    }
    return run_list_has_runnable();
}

void mp_zb_work_deinit(void) {
    // Handlers left by a non-local exit never finished.
    while (running_depth > 0) {
        struct k_work *w = running[--running_depth];
        w->flags &= ~(K_WORK_RUNNING | K_WORK_CANCELING);
        w->queue->running = NULL;
    }
    while (run_head != NULL) {
        struct k_work *w = run_head;
        run_head = w->next;
        w->next = NULL;
        w->flags &= ~K_WORK_QUEUED;
    }
    run_tail = NULL;
}

void mp_zb_work_queue_abort(struct k_work_q *queue) {
    struct k_work *prev = NULL;
    struct k_work *w = run_head;
    while (w != NULL) {
        struct k_work *next = w->next;
        if (w->queue == queue) {
            run_list_unlink(prev, w);
            w->flags &= ~K_WORK_QUEUED;
        } else {
            prev = w;
        }
        w = next;
    }
    queue->flags &= ~MP_ZB_WORK_Q_STARTED;
}

// ---------------------------------------------------------------------------
// Work items

void k_work_init(struct k_work *work, k_work_handler_t handler) {
    memset(work, 0, sizeof(*work));
    work->handler = handler;
}

int k_work_busy_get(const struct k_work *work) {
    return (int)(work->flags & K_WORK_MASK);
}

static int submit(struct k_work_q *queue, struct k_work *work) {
    if (work->flags & K_WORK_CANCELING) {
        return -EBUSY;
    }
    if (work->flags & K_WORK_QUEUED) {
        return 0;
    }
    int ret = 1;
    if (queue == NULL) {
        queue = work->queue;
    }
    if (work->flags & K_WORK_RUNNING) {
        // Back onto the queue it is running on, as Zephyr does.
        queue = work->queue;
        ret = 2;
    }
    if (queue == NULL) {
        return -EINVAL;
    }
    if (!(queue->flags & MP_ZB_WORK_Q_STARTED)) {
        return -ENODEV;
    }
    if (queue->flags & MP_ZB_WORK_Q_PLUGGED) {
        return -EBUSY;
    }
    work->queue = queue;
    work->flags |= K_WORK_QUEUED;
    run_list_append(work);
    mp_zb_wake();
    return ret;
}

int k_work_submit_to_queue(struct k_work_q *queue, struct k_work *work) {
    return submit(queue, work);
}

int k_work_submit(struct k_work *work) {
    return submit(&k_sys_work_q, work);
}

static bool work_idle(void *arg) {
    const struct k_work *work = arg;
    return !(work->flags & (K_WORK_QUEUED | K_WORK_RUNNING));
}

bool k_work_flush(struct k_work *work, struct k_work_sync *sync) {
    (void)sync;
    if (work_idle(work)) {
        return false;
    }
    // A handler on the stack below us, or its queue blocked below us,
    // cannot finish before we return: waiting would only time out.
    if ((work->flags & K_WORK_RUNNING) || work->queue->running != NULL) {
        return false;
    }
    (void)mp_zb_wait(work_idle, work, K_FOREVER);
    return true;
}

static int cancel_async(struct k_work *work) {
    if (work->flags & K_WORK_QUEUED) {
        run_list_remove(work);
        work->flags &= ~K_WORK_QUEUED;
    }
    if (work->flags & K_WORK_RUNNING) {
        work->flags |= K_WORK_CANCELING;
    }
    return k_work_busy_get(work);
}

int k_work_cancel(struct k_work *work) {
    return cancel_async(work);
}

bool k_work_cancel_sync(struct k_work *work, struct k_work_sync *sync) {
    (void)sync;
    bool pending = k_work_busy_get(work) != 0;
    if (pending) {
        (void)cancel_async(work);
    }
    return pending;
}

// ---------------------------------------------------------------------------
// Work queues

void k_work_queue_init(struct k_work_q *queue) {
    mp_zb_work_queue_abort(queue);
    memset(queue, 0, sizeof(*queue));
}

void k_work_queue_start(struct k_work_q *queue, k_thread_stack_t *stack, size_t stack_size,
    int prio, const struct k_work_queue_config *cfg) {
    (void)stack;
    (void)stack_size;
    (void)prio;
    if (cfg != NULL && cfg->name != NULL) {
        queue->thread.name = cfg->name;
    }
    queue->flags = MP_ZB_WORK_Q_STARTED;
}

static bool queue_empty(void *arg) {
    for (struct k_work *w = run_head; w != NULL; w = w->next) {
        if (w->queue == arg) {
            return false;
        }
    }
    return true;
}

int k_work_queue_drain(struct k_work_q *queue, bool plug) {
    if (plug) {
        queue->flags |= MP_ZB_WORK_Q_PLUGGED;
    }
    if (queue_empty(queue)) {
        return 0;
    }
    if (queue->running == NULL) {
        (void)mp_zb_wait(queue_empty, queue, K_FOREVER);
    }
    return 1;
}

int k_work_queue_unplug(struct k_work_q *queue) {
    if (!(queue->flags & MP_ZB_WORK_Q_PLUGGED)) {
        return -EALREADY;
    }
    queue->flags &= ~MP_ZB_WORK_Q_PLUGGED;
    return 0;
}

int k_work_queue_stop(struct k_work_q *queue, k_timeout_t timeout) {
    if (!(queue->flags & MP_ZB_WORK_Q_STARTED)) {
        return -EALREADY;
    }
    if (!(queue->flags & MP_ZB_WORK_Q_PLUGGED)) {
        return -EBUSY;
    }
    if (mp_zb_wait(queue_empty, queue, timeout) != 0) {
        return -ETIMEDOUT;
    }
    queue->flags &= ~MP_ZB_WORK_Q_STARTED;
    return 0;
}

// ---------------------------------------------------------------------------
// Delayable work

void k_work_init_delayable(struct k_work_delayable *dwork, k_work_handler_t handler) {
    memset(dwork, 0, sizeof(*dwork));
    dwork->work.handler = handler;
    dwork->timeout.kind = MP_ZB_TIMEOUT_DWORK;
}

int k_work_delayable_busy_get(const struct k_work_delayable *dwork) {
    return k_work_busy_get(&dwork->work);
}

k_ticks_t k_work_delayable_expires_get(const struct k_work_delayable *dwork) {
    return (dwork->work.flags & K_WORK_DELAYED) ? dwork->timeout.deadline : 0;
}

k_ticks_t k_work_delayable_remaining_get(const struct k_work_delayable *dwork) {
    if (!(dwork->work.flags & K_WORK_DELAYED)) {
        return 0;
    }
    int64_t remaining = dwork->timeout.deadline - mp_zb_now();
    return remaining > 0 ? remaining : 0;
}

static bool unschedule(struct k_work_delayable *dwork) {
    if (!(dwork->work.flags & K_WORK_DELAYED)) {
        return false;
    }
    dwork->work.flags &= ~K_WORK_DELAYED;
    mp_zb_timeout_disarm(&dwork->timeout);
    return true;
}

static int schedule(struct k_work_q *queue, struct k_work_delayable *dwork, k_timeout_t delay) {
    if (K_TIMEOUT_EQ(delay, K_NO_WAIT)) {
        return submit(queue, &dwork->work);
    }
    dwork->queue = queue;
    dwork->work.flags |= K_WORK_DELAYED;
    mp_zb_timeout_arm(&dwork->timeout, mp_zb_deadline(delay));
    return 1;
}

void mp_zb_dwork_expired(struct mp_zb_timeout *t) {
    struct k_work_delayable *dwork = MP_ZB_CONTAINER_OF(t, struct k_work_delayable, timeout);
    dwork->work.flags &= ~K_WORK_DELAYED;
    (void)submit(dwork->queue, &dwork->work);
}

int k_work_schedule_for_queue(struct k_work_q *queue, struct k_work_delayable *dwork,
    k_timeout_t delay) {
    if (dwork->work.flags & (K_WORK_QUEUED | K_WORK_DELAYED)) {
        return 0;
    }
    return schedule(queue, dwork, delay);
}

int k_work_schedule(struct k_work_delayable *dwork, k_timeout_t delay) {
    return k_work_schedule_for_queue(&k_sys_work_q, dwork, delay);
}

int k_work_reschedule_for_queue(struct k_work_q *queue, struct k_work_delayable *dwork,
    k_timeout_t delay) {
    (void)unschedule(dwork);
    return schedule(queue, dwork, delay);
}

int k_work_reschedule(struct k_work_delayable *dwork, k_timeout_t delay) {
    return k_work_reschedule_for_queue(&k_sys_work_q, dwork, delay);
}

bool k_work_flush_delayable(struct k_work_delayable *dwork, struct k_work_sync *sync) {
    if (unschedule(dwork)) {
        (void)submit(dwork->queue, &dwork->work);
    }
    return k_work_flush(&dwork->work, sync);
}

int k_work_cancel_delayable(struct k_work_delayable *dwork) {
    (void)unschedule(dwork);
    return cancel_async(&dwork->work);
}

bool k_work_cancel_delayable_sync(struct k_work_delayable *dwork, struct k_work_sync *sync) {
    (void)sync;
    bool pending = k_work_delayable_busy_get(dwork) != 0;
    if (pending) {
        (void)k_work_cancel_delayable(dwork);
    }
    return pending;
}

// The kernel that the unmodified Zephyr BLE host runs on inside MicroPython.
//
// This header defines the Zephyr kernel types and functions the host calls
// (the generated zephyr/kernel.h includes it), with Zephyr's names,
// signatures and return codes. It only includes standard C headers, so the
// HAL builds and is unit tested on any machine.
//
// Cooperative semantics
// ---------------------
// There are no threads. Everything runs on MicroPython's main task, and
// the HAL is only called from it: an interrupt handler must not call the
// HAL or the host, only arrange for a pass (as port_wake does).
//
// - mp_bluetooth_zephyr_hal_poll() is the one entry that makes progress. A
//   pass pumps the transport (port_poll), runs due timers and due delayable
//   work, then runs queued work items in submission order. MicroPython's
//   scheduler and soft timers call it: after each pass the port asks
//   mp_bluetooth_zephyr_hal_next_timeout_ms() when to call it again, and
//   port_wake() asks for a pass soon when work is queued from outside one.
//
// - A work queue is a context, not a thread: k_current_get() returns the
//   queue's thread object while one of its handlers runs, so the host's
//   "am I on the system work queue" checks work. port_poll runs as an "hci
//   rx" thread object, everything else as the main thread object.
//
// - Blocking calls (k_sem_take, k_fifo_get, k_mutex_lock when contended,
//   k_mem_slab_alloc, k_heap_alloc, k_condvar_wait, k_sleep, k_work_flush...)
//   with a non-zero timeout run nested poll passes, calling port_idle between
//   them, until satisfied or timed out. A queue whose handler is blocked in
//   an outer frame runs nothing more until that handler returns, as its
//   thread would in Zephyr. Wait for something only such a handler can
//   produce and the wait times out instead of deadlocking; a mutex owned by
//   such a suspended context fails at once.
//
// - K_FOREVER never hangs the interpreter: blocking calls cap it at
//   MP_BLUETOOTH_ZEPHYR_HAL_FOREVER_MS and then fail with the call's timeout
//   code (-EAGAIN, or NULL for getters), as the host sees from a controller
//   that stopped answering. Where the host asserts instead
//   (CONFIG_BT_ASSERT), the assert ends in port_fatal.
//
// - Nesting is bounded: a pass entered more than
//   MP_BLUETOOTH_ZEPHYR_HAL_POLL_DEPTH_MAX deep only pumps the transport.
//   Each pass runs at most MP_BLUETOOTH_ZEPHYR_HAL_WORK_PER_POLL work items
//   and as many timer expiries; what is left calls port_wake(). Work
//   submitted by a handler runs in the same pass while that budget lasts.
//
// - Timer expiry functions run inside the pass, with k_is_in_isr() true, as
//   they would in Zephyr's timer interrupt. Work handlers and port_poll
//   never see k_is_in_isr() true.
//
// - Deliberate differences from Zephyr, all forced by having no threads:
//   K_FOREVER is capped; k_work_flush and the *_cancel_sync calls do not
//   wait for a handler suspended below the caller (they return at once);
//   a mutex owned by a suspended context fails at once; k_sem_reset does not
//   fail a blocked take; k_heap is a budget over the port's heap; stacks,
//   priorities and scheduler locks have no effect; k_poll is not provided.
//
// - One tick is one millisecond, measured by port_ticks_ms(). This header
//   replaces Zephyr's sys_clock.h and sys/time_units.h: the generated
//   shadows of those should include it, so CONFIG_SYS_CLOCK_TICKS_PER_SEC
//   plays no part.

#ifndef MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_HAL_H
#define MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_HAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zephyr_ble_atomic.h"

// The host returns ESHUTDOWN, which newlib (the boards' libc) only defines
// with its Linux extensions; 110 is the number it uses for it there.
#ifndef ESHUTDOWN
#define ESHUTDOWN 110
#endif

#ifdef __cplusplus
extern "C" {
#endif

// ---------------------------------------------------------------------------
// Tunables (override with -D)

// How long a K_FOREVER wait lasts before it gives up. Matches the host's
// own HCI command timeout, the longest wait it expects to be normal.
#ifndef MP_BLUETOOTH_ZEPHYR_HAL_FOREVER_MS
#define MP_BLUETOOTH_ZEPHYR_HAL_FOREVER_MS (10000)
#endif

// Nested poll passes (a blocked handler polling, whose handlers block...).
#ifndef MP_BLUETOOTH_ZEPHYR_HAL_POLL_DEPTH_MAX
#define MP_BLUETOOTH_ZEPHYR_HAL_POLL_DEPTH_MAX (4)
#endif

// Work items (and, separately, timer expiries) run by one poll pass.
#ifndef MP_BLUETOOTH_ZEPHYR_HAL_WORK_PER_POLL
#define MP_BLUETOOTH_ZEPHYR_HAL_WORK_PER_POLL (32)
#endif

// ---------------------------------------------------------------------------
// Port hooks: the port (or the transport) implements these; tests stub them.

// Monotonic milliseconds (MicroPython: mp_hal_ticks_ms widened to 64 bits).
uint64_t mp_bluetooth_zephyr_port_ticks_ms(void);
// Pump the transport: hand received HCI packets to the host. Never entered
// twice: the HAL skips the call while one is in progress.
void mp_bluetooth_zephyr_port_poll(void);
// Wait a little (at most about a millisecond) for an event, between the
// passes of a blocking call. It must not run Python code.
void mp_bluetooth_zephyr_port_idle(void);
// Ask for a poll pass soon (MicroPython: mp_sched_schedule a callback).
void mp_bluetooth_zephyr_port_wake(void);
// Fill buf with random bytes (the host asks the controller for its own
// randomness; this serves the rest).
void mp_bluetooth_zephyr_port_random(uint8_t *buf, size_t len);
// Heap for k_malloc and k_heap (MicroPython: its non-GC heap). Blocks
// must be aligned to MP_BLUETOOTH_ZEPHYR_HEAP_ALIGN (max_align_t's).
void *mp_bluetooth_zephyr_port_malloc(size_t size);
void mp_bluetooth_zephyr_port_free(void *ptr);
// The host's failed asserts end here (k_panic, k_oops). Must not return:
// MicroPython's binding reports the fault and unwinds to a handler of its own
// or the Python call in progress; the host is reinitialised afterwards.
void mp_bluetooth_zephyr_port_fatal(void) __attribute__((noreturn));
// irq_lock/irq_unlock hooks are declared in zephyr_ble_atomic.h.

// ---------------------------------------------------------------------------
// Entry points and debug hooks for the binding and leak tests.

// One cooperative pass (see above). Safe to call from anywhere on the main
// task, including from inside the host.
void mp_bluetooth_zephyr_hal_poll(void);
// Milliseconds until a pass has something to do: 0 if work is queued, -1 if
// nothing is scheduled at all.
int32_t mp_bluetooth_zephyr_hal_next_timeout_ms(void);
// Forget all queued work, delayed work and running timers (bluetooth
// deactivated). Objects stay valid and can be submitted again. Call it too
// after leaving the host by a non-local exit (an exception raised from a
// callback or port_fatal): it resets the pass and handler bookkeeping. Not
// from inside a handler.
void mp_bluetooth_zephyr_hal_deinit(void);
// Work items queued or waiting on a delay.
size_t mp_bluetooth_zephyr_hal_work_queued_count(void);
size_t mp_bluetooth_zephyr_hal_work_delayed_count(void);
// Blocks in use over all slabs that were ever allocated from, and bytes
// handed out by k_malloc/k_heap (without headers).
size_t mp_bluetooth_zephyr_hal_slab_used_total(void);
size_t mp_bluetooth_zephyr_hal_heap_used_total(void);
// Walks the slabs that were ever allocated from (start with NULL), so a
// leak report can name each one with its free count.
struct k_mem_slab;
struct k_mem_slab *mp_bluetooth_zephyr_hal_slab_next(struct k_mem_slab *prev);

struct mp_bluetooth_zephyr_hal_stats {
    uint32_t forever_capped; // K_FOREVER waits that gave up
    uint32_t depth_limited; // passes cut short by the nesting bound
    uint32_t budget_exhausted; // passes that left work for the next pass
    uint32_t deadlocks_avoided; // mutex waits on an owner suspended below
};
extern struct mp_bluetooth_zephyr_hal_stats mp_bluetooth_zephyr_hal_stats;

// ---------------------------------------------------------------------------
// Time: k_timeout_t, ticks (1 tick = 1 ms), uptime, cycles, timepoints.

typedef int64_t k_ticks_t;

typedef struct {
    k_ticks_t ticks;
} k_timeout_t;

#define MP_BLUETOOTH_ZEPHYR_HAL_TICKS_PER_SEC (1000)

// Unit constants (Zephyr's sys/time_units.h, which this header replaces),
// unless a shadow header gave them first.
#ifndef SEC_PER_MIN
#define SEC_PER_MIN 60U
#endif
#ifndef MIN_PER_HOUR
#define MIN_PER_HOUR 60U
#endif
#ifndef HOUR_PER_DAY
#define HOUR_PER_DAY 24U
#endif
#ifndef MSEC_PER_SEC
#define MSEC_PER_SEC 1000U
#endif
#ifndef USEC_PER_MSEC
#define USEC_PER_MSEC 1000U
#endif
#ifndef USEC_PER_SEC
#define USEC_PER_SEC 1000000U
#endif
#ifndef NSEC_PER_USEC
#define NSEC_PER_USEC 1000U
#endif
#ifndef NSEC_PER_MSEC
#define NSEC_PER_MSEC 1000000U
#endif
#ifndef NSEC_PER_SEC
#define NSEC_PER_SEC 1000000000U
#endif
#ifndef SYS_FOREVER_MS
#define SYS_FOREVER_MS (-1)
#endif
#ifndef SYS_FOREVER_US
#define SYS_FOREVER_US (-1)
#endif
#ifndef SYS_TIMEOUT_MS
#define SYS_TIMEOUT_MS(ms) ((ms) == SYS_FOREVER_MS ? K_FOREVER : K_MSEC(ms))
#endif

#define K_TICKS_FOREVER ((k_ticks_t)-1)
#define Z_TIMEOUT_TICKS(t) ((k_timeout_t) { .ticks = (t) })
#define Z_TIMEOUT_NO_WAIT Z_TIMEOUT_TICKS(0)
#define K_NO_WAIT Z_TIMEOUT_NO_WAIT
#define K_FOREVER Z_TIMEOUT_TICKS(K_TICKS_FOREVER)
#define K_TICKS(t) Z_TIMEOUT_TICKS((t) > 0 ? (k_ticks_t)(t) : 0)
#define K_MSEC(ms) K_TICKS(ms)
#define K_USEC(us) K_TICKS(((k_ticks_t)(us) + 999) / 1000)
#define K_NSEC(ns) K_TICKS(((k_ticks_t)(ns) + 999999) / 1000000)
#define K_SECONDS(s) K_MSEC((k_ticks_t)(s) * 1000)
#define K_MINUTES(m) K_SECONDS((k_ticks_t)(m) * 60)
#define K_HOURS(h) K_MINUTES((k_ticks_t)(h) * 60)
#define K_TIMEOUT_EQ(a, b) ((a).ticks == (b).ticks)
// Absolute deadlines are encoded below K_TICKS_FOREVER, as in Zephyr.
#define Z_TICK_ABS(t) (K_TICKS_FOREVER - 1 - (t))
#define K_TIMEOUT_ABS_TICKS(t) Z_TIMEOUT_TICKS(Z_TICK_ABS((t) > 0 ? (k_ticks_t)(t) : 0))
#define K_TIMEOUT_ABS_MS(t) K_TIMEOUT_ABS_TICKS(t)
#define K_TIMEOUT_ABS_US(t) K_TIMEOUT_ABS_TICKS(((k_ticks_t)(t) + 999) / 1000)

static inline uint32_t k_ticks_to_ms_floor32(uint64_t t) {
    return (uint32_t)t;
}
static inline uint64_t k_ticks_to_ms_floor64(uint64_t t) {
    return t;
}
static inline uint32_t k_ticks_to_ms_ceil32(uint64_t t) {
    return (uint32_t)t;
}
static inline uint64_t k_ticks_to_ms_ceil64(uint64_t t) {
    return t;
}
static inline uint32_t k_ms_to_ticks_ceil32(uint32_t ms) {
    return ms;
}
static inline uint64_t k_ms_to_ticks_ceil64(uint64_t ms) {
    return ms;
}
static inline uint64_t k_ticks_to_us_floor64(uint64_t t) {
    return t * 1000;
}
static inline uint32_t k_ticks_to_us_floor32(uint64_t t) {
    return (uint32_t)(t * 1000);
}
static inline uint32_t k_us_to_ticks_ceil32(uint32_t us) {
    return (uint32_t)(((uint64_t)us + 999) / 1000);
}

int64_t k_uptime_ticks(void);
int64_t k_uptime_get(void);
uint32_t k_uptime_get_32(void);
int64_t k_uptime_delta(int64_t *reftime);
// The cycle counter counts microseconds derived from the millisecond clock
// (the host only uses it for monitor timestamps).
uint32_t k_cycle_get_32(void);
uint64_t k_cycle_get_64(void);
static inline int sys_clock_hw_cycles_per_sec(void) {
    return 1000000;
}
static inline uint32_t k_cyc_to_ms_floor32(uint64_t c) {
    return (uint32_t)(c / 1000);
}
static inline uint64_t k_cyc_to_us_floor64(uint64_t c) {
    return c;
}

typedef struct {
    uint64_t tick; // 0: already expired; UINT64_MAX: never
} k_timepoint_t;

k_timepoint_t sys_timepoint_calc(k_timeout_t timeout);
k_timeout_t sys_timepoint_timeout(k_timepoint_t timepoint);
static inline int sys_timepoint_cmp(k_timepoint_t a, k_timepoint_t b) {
    return a.tick == b.tick ? 0 : (a.tick < b.tick ? -1 : 1);
}
static inline bool sys_timepoint_expired(k_timepoint_t timepoint) {
    return K_TIMEOUT_EQ(sys_timepoint_timeout(timepoint), Z_TIMEOUT_NO_WAIT);
}

// ---------------------------------------------------------------------------
// Threads: only their identity exists (see k_current_get above).

// Declared by Zephyr's kernel headers; the host names it in a prototype.
struct arch_esf;

struct k_thread {
    const char *name;
};
typedef struct k_thread *k_tid_t;

// Stacks are never used; one byte keeps the symbol the host passes around.
typedef uint8_t k_thread_stack_t;
#define K_KERNEL_STACK_DEFINE(sym, size) k_thread_stack_t sym[1] __attribute__((unused))
#define K_THREAD_STACK_DEFINE(sym, size) K_KERNEL_STACK_DEFINE(sym, size)
#define K_KERNEL_STACK_MEMBER(sym, size) k_thread_stack_t sym[1]
#define K_THREAD_STACK_MEMBER(sym, size) K_KERNEL_STACK_MEMBER(sym, size)
#define K_KERNEL_STACK_SIZEOF(sym) sizeof(sym)
#define K_THREAD_STACK_SIZEOF(sym) sizeof(sym)

#define K_PRIO_COOP(x) (-16 + (x))
#define K_PRIO_PREEMPT(x) (x)
#define K_HIGHEST_THREAD_PRIO (-16)
#define K_LOWEST_THREAD_PRIO (15)
#define K_IDLE_PRIO K_LOWEST_THREAD_PRIO

k_tid_t k_current_get(void);
bool k_is_in_isr(void);
int k_thread_name_set(k_tid_t thread, const char *str);
// Aborting a work queue's thread stops the queue and drops its queued items.
void k_thread_abort(k_tid_t thread);
// Nothing preempts the host, so scheduler locks only count nesting.
void k_sched_lock(void);
void k_sched_unlock(void);
#define k_panic() mp_bluetooth_zephyr_port_fatal()
#define k_oops() mp_bluetooth_zephyr_port_fatal()
// One poll pass.
void k_yield(void);
// Sleeps run poll passes until the time has passed; they return 0.
int32_t k_sleep(k_timeout_t timeout);
int32_t k_msleep(int32_t ms);
int32_t k_usleep(int32_t us);
// Spins on the millisecond clock (rounded up), calling port_idle only.
void k_busy_wait(uint32_t usec_to_wait);

// ---------------------------------------------------------------------------
// Spinlocks: one core, so a spinlock is an interrupt lock.

struct k_spinlock {
    uint8_t unused;
};

typedef struct {
    unsigned int key;
} k_spinlock_key_t;

static inline k_spinlock_key_t k_spin_lock(struct k_spinlock *l) {
    (void)l;
    k_spinlock_key_t k = { .key = irq_lock() };
    return k;
}

static inline int k_spin_trylock(struct k_spinlock *l, k_spinlock_key_t *k) {
    *k = k_spin_lock(l);
    return 0;
}

static inline void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key) {
    (void)l;
    irq_unlock(key.key);
}

// ---------------------------------------------------------------------------
// Timeouts shared by k_timer and k_work_delayable (internal).

enum {
    MP_ZB_TIMEOUT_DWORK = 0, // zero so static delayable initialisers need not say it
    MP_ZB_TIMEOUT_TIMER = 1,
};

struct mp_zb_timeout {
    struct mp_zb_timeout *next;
    int64_t deadline; // absolute ms
    uint8_t kind;
    bool armed;
};

// ---------------------------------------------------------------------------
// Work items and work queues.

struct k_work;
struct k_work_q;
typedef void (*k_work_handler_t)(struct k_work *work);

// Busy flags, as k_work_busy_get() reports them.
#define K_WORK_RUNNING (1U << 0)
#define K_WORK_CANCELING (1U << 1)
#define K_WORK_QUEUED (1U << 2)
#define K_WORK_DELAYED (1U << 3)
#define K_WORK_FLUSHING (1U << 4)
#define K_WORK_MASK (K_WORK_RUNNING | K_WORK_CANCELING | K_WORK_QUEUED | K_WORK_DELAYED | K_WORK_FLUSHING)

struct k_work {
    struct k_work *next; // link in the run list while queued
    k_work_handler_t handler;
    struct k_work_q *queue; // last queue submitted to
    uint32_t flags;
};

struct k_work_delayable {
    struct k_work work;
    struct mp_zb_timeout timeout;
    struct k_work_q *queue; // queue to submit to when the delay ends
};

// Nothing to record: flushing and cancelling complete within the call.
struct k_work_sync {
    uint8_t unused;
};

struct k_work_queue_config {
    const char *name;
    bool no_yield;
    bool essential;
};

#define MP_ZB_WORK_Q_STARTED (1U << 0)
#define MP_ZB_WORK_Q_PLUGGED (1U << 1)

struct k_work_q {
    struct k_thread thread; // identity returned by k_current_get()
    struct k_work *running; // handler of this queue on the stack, if any
    uint32_t flags;
};

extern struct k_work_q k_sys_work_q;

#define Z_WORK_INITIALIZER(work_handler) { .handler = (work_handler) }
#define Z_WORK_DELAYABLE_INITIALIZER(work_handler) { .work = Z_WORK_INITIALIZER(work_handler) }
#define K_WORK_DEFINE(work, work_handler) struct k_work work = Z_WORK_INITIALIZER(work_handler)
#define K_WORK_DELAYABLE_DEFINE(work, work_handler) \
    struct k_work_delayable work = Z_WORK_DELAYABLE_INITIALIZER(work_handler)

void k_work_init(struct k_work *work, k_work_handler_t handler);
int k_work_busy_get(const struct k_work *work);
static inline bool k_work_is_pending(const struct k_work *work) {
    return (k_work_busy_get(work) & (K_WORK_QUEUED | K_WORK_DELAYED | K_WORK_RUNNING)) != 0;
}
// 0: already queued; 1: queued; 2: queued again while running; -EBUSY:
// cancelling or queue plugged; -EINVAL: no queue; -ENODEV: queue not started.
int k_work_submit_to_queue(struct k_work_q *queue, struct k_work *work);
int k_work_submit(struct k_work *work);
// Returns true if it had to wait. An item whose queue is blocked in an outer
// frame cannot run before this call returns: then it returns false at once.
bool k_work_flush(struct k_work *work, struct k_work_sync *sync);
// Returns the busy flags left: 0, or RUNNING|CANCELING when called while the
// handler is on the stack (from itself or a nested pass).
int k_work_cancel(struct k_work *work);
// Returns whether the item was busy; see k_work_flush for blocked queues.
bool k_work_cancel_sync(struct k_work *work, struct k_work_sync *sync);

void k_work_queue_init(struct k_work_q *queue);
void k_work_queue_start(struct k_work_q *queue, k_thread_stack_t *stack, size_t stack_size,
    int prio, const struct k_work_queue_config *cfg);
static inline k_tid_t k_work_queue_thread_get(struct k_work_q *queue) {
    return &queue->thread;
}
int k_work_queue_drain(struct k_work_q *queue, bool plug);
int k_work_queue_unplug(struct k_work_q *queue);
int k_work_queue_stop(struct k_work_q *queue, k_timeout_t timeout);

void k_work_init_delayable(struct k_work_delayable *dwork, k_work_handler_t handler);
static inline struct k_work_delayable *k_work_delayable_from_work(struct k_work *work) {
    return (struct k_work_delayable *)((char *)work - offsetof(struct k_work_delayable, work));
}
int k_work_delayable_busy_get(const struct k_work_delayable *dwork);
static inline bool k_work_delayable_is_pending(const struct k_work_delayable *dwork) {
    return k_work_delayable_busy_get(dwork) != 0;
}
// Absolute tick of the deadline, or 0 when not delayed.
k_ticks_t k_work_delayable_expires_get(const struct k_work_delayable *dwork);
k_ticks_t k_work_delayable_remaining_get(const struct k_work_delayable *dwork);
// 0: already delayed or queued (unchanged); 1: scheduled; else as submit.
int k_work_schedule_for_queue(struct k_work_q *queue, struct k_work_delayable *dwork,
    k_timeout_t delay);
int k_work_schedule(struct k_work_delayable *dwork, k_timeout_t delay);
// Replaces any pending delay; K_NO_WAIT submits at once.
int k_work_reschedule_for_queue(struct k_work_q *queue, struct k_work_delayable *dwork,
    k_timeout_t delay);
int k_work_reschedule(struct k_work_delayable *dwork, k_timeout_t delay);
bool k_work_flush_delayable(struct k_work_delayable *dwork, struct k_work_sync *sync);
int k_work_cancel_delayable(struct k_work_delayable *dwork);
bool k_work_cancel_delayable_sync(struct k_work_delayable *dwork, struct k_work_sync *sync);

// ---------------------------------------------------------------------------
// Timers: expiry functions run from the poll pass. Periodic timers keep
// their phase: each deadline is the previous one plus the period. A pass
// that comes late by several periods runs the expiry function once and adds
// all the missed periods to the status.

struct k_timer;
typedef void (*k_timer_expiry_t)(struct k_timer *timer);
typedef void (*k_timer_stop_t)(struct k_timer *timer);

struct k_timer {
    struct mp_zb_timeout timeout;
    k_timer_expiry_t expiry_fn;
    k_timer_stop_t stop_fn;
    k_ticks_t period;
    uint32_t status;
    void *user_data;
};

#define Z_TIMER_INITIALIZER(obj, expiry, stop) { \
        .timeout = { .kind = MP_ZB_TIMEOUT_TIMER }, \
        .expiry_fn = (expiry), \
        .stop_fn = (stop), \
}
#define K_TIMER_DEFINE(name, expiry_fn, stop_fn) \
    struct k_timer name = Z_TIMER_INITIALIZER(name, expiry_fn, stop_fn)

void k_timer_init(struct k_timer *timer, k_timer_expiry_t expiry_fn, k_timer_stop_t stop_fn);
// K_FOREVER as duration leaves the timer stopped; a period of K_NO_WAIT or
// K_FOREVER makes it one-shot. Restarting resets the status.
void k_timer_start(struct k_timer *timer, k_timeout_t duration, k_timeout_t period);
// Runs the stop function if the timer was running.
void k_timer_stop(struct k_timer *timer);
// Expiries since the last read; reading resets it.
uint32_t k_timer_status_get(struct k_timer *timer);
// Waits (poll passes, K_FOREVER cap) for an expiry or a stop.
uint32_t k_timer_status_sync(struct k_timer *timer);
k_ticks_t k_timer_expires_ticks(const struct k_timer *timer);
k_ticks_t k_timer_remaining_ticks(const struct k_timer *timer);
static inline uint32_t k_timer_remaining_get(struct k_timer *timer) {
    return k_ticks_to_ms_floor32((uint64_t)k_timer_remaining_ticks(timer));
}
static inline void k_timer_user_data_set(struct k_timer *timer, void *user_data) {
    timer->user_data = user_data;
}
static inline void *k_timer_user_data_get(const struct k_timer *timer) {
    return timer->user_data;
}

// ---------------------------------------------------------------------------
// Semaphores, mutexes, condition variables, poll signals.

struct k_sem {
    unsigned int count;
    unsigned int limit;
};

#define K_SEM_MAX_LIMIT ((unsigned int)-1)
#define Z_SEM_INITIALIZER(obj, initial_count, count_limit) { \
        .count = (initial_count), \
        .limit = (count_limit), \
}
#define K_SEM_DEFINE(name, initial_count, count_limit) \
    struct k_sem name = Z_SEM_INITIALIZER(name, initial_count, count_limit)

int k_sem_init(struct k_sem *sem, unsigned int initial_count, unsigned int limit);
// 0; -EBUSY with K_NO_WAIT; -EAGAIN when the wait timed out.
int k_sem_take(struct k_sem *sem, k_timeout_t timeout);
void k_sem_give(struct k_sem *sem);
// Sets the count to 0; a blocked take keeps waiting (Zephyr fails it).
void k_sem_reset(struct k_sem *sem);
static inline unsigned int k_sem_count_get(struct k_sem *sem) {
    return sem->count;
}

// The owner is the context (work queue, transport or main) that locked it;
// locking again from the same context nests, as Zephyr's mutexes do. A lock
// that would wait for an owner suspended below the caller (main, under a
// handler's nested pass) cannot succeed: it fails at once with -EAGAIN.
struct k_mutex {
    struct k_thread *owner;
    uint32_t lock_count;
};

#define Z_MUTEX_INITIALIZER(obj) { .owner = NULL, .lock_count = 0 }
#define K_MUTEX_DEFINE(name) struct k_mutex name = Z_MUTEX_INITIALIZER(name)

int k_mutex_init(struct k_mutex *mutex);
// 0; -EBUSY with K_NO_WAIT; -EAGAIN when the wait timed out.
int k_mutex_lock(struct k_mutex *mutex, k_timeout_t timeout);
// 0; -EINVAL if not locked; -EPERM if another context owns it.
int k_mutex_unlock(struct k_mutex *mutex);

struct k_condvar {
    uint16_t waiters;
    uint16_t wakeups;
};

#define Z_CONDVAR_INITIALIZER(obj) { .waiters = 0, .wakeups = 0 }
#define K_CONDVAR_DEFINE(name) struct k_condvar name = Z_CONDVAR_INITIALIZER(name)

int k_condvar_init(struct k_condvar *condvar);
int k_condvar_signal(struct k_condvar *condvar);
// Returns the number of waiters woken.
int k_condvar_broadcast(struct k_condvar *condvar);
// 0 when woken; -EAGAIN on timeout. The mutex is held again on return.
int k_condvar_wait(struct k_condvar *condvar, struct k_mutex *mutex, k_timeout_t timeout);

// Poll signals hold a state; k_poll() itself is not provided (the host
// raises its signal but never polls on it).
struct k_poll_signal {
    unsigned int signaled;
    int result;
};

#define K_POLL_SIGNAL_INITIALIZER(obj) { .signaled = 0, .result = 0 }

void k_poll_signal_init(struct k_poll_signal *sig);
void k_poll_signal_reset(struct k_poll_signal *sig);
void k_poll_signal_check(struct k_poll_signal *sig, unsigned int *signaled, int *result);
int k_poll_signal_raise(struct k_poll_signal *sig, int result);

// ---------------------------------------------------------------------------
// Queues, FIFOs and LIFOs. The first pointer-sized word of each item is the
// link, as in Zephyr, so an item sits in at most one queue at a time.

struct k_queue {
    void *head;
    void *tail;
    uint32_t cancels; // k_queue_cancel_wait() count, wakes waiting getters
};

#define Z_QUEUE_INITIALIZER(obj) { .head = NULL, .tail = NULL, .cancels = 0 }
#define K_QUEUE_DEFINE(name) struct k_queue name = Z_QUEUE_INITIALIZER(name)

void k_queue_init(struct k_queue *queue);
void k_queue_cancel_wait(struct k_queue *queue);
void k_queue_append(struct k_queue *queue, void *data);
void k_queue_prepend(struct k_queue *queue, void *data);
// Inserts after prev (at the head when prev is NULL).
void k_queue_insert(struct k_queue *queue, void *prev, void *data);
// Appends a NULL-terminated chain of linked items; -EINVAL if head or tail
// is NULL.
int k_queue_append_list(struct k_queue *queue, void *head, void *tail);
// NULL when empty after the timeout (K_FOREVER capped) or when cancelled.
void *k_queue_get(struct k_queue *queue, k_timeout_t timeout);
bool k_queue_remove(struct k_queue *queue, void *data);
bool k_queue_unique_append(struct k_queue *queue, void *data);
static inline int k_queue_is_empty(struct k_queue *queue) {
    return queue->head == NULL;
}
static inline void *k_queue_peek_head(struct k_queue *queue) {
    return queue->head;
}
static inline void *k_queue_peek_tail(struct k_queue *queue) {
    return queue->tail;
}

// FIFOs and LIFOs are queues. Their operations are macros over the _queue
// member because the host passes a k_lifo to k_fifo_is_empty().
struct k_fifo {
    struct k_queue _queue;
};

struct k_lifo {
    struct k_queue _queue;
};

#define Z_FIFO_INITIALIZER(obj) { ._queue = Z_QUEUE_INITIALIZER(obj._queue) }
#define Z_LIFO_INITIALIZER(obj) { ._queue = Z_QUEUE_INITIALIZER(obj._queue) }
#define K_FIFO_DEFINE(name) struct k_fifo name = Z_FIFO_INITIALIZER(name)
#define K_LIFO_DEFINE(name) struct k_lifo name = Z_LIFO_INITIALIZER(name)

#define k_fifo_init(fifo) k_queue_init(&(fifo)->_queue)
#define k_fifo_cancel_wait(fifo) k_queue_cancel_wait(&(fifo)->_queue)
#define k_fifo_put(fifo, data) k_queue_append(&(fifo)->_queue, (data))
#define k_fifo_put_list(fifo, head, tail) k_queue_append_list(&(fifo)->_queue, (head), (tail))
#define k_fifo_get(fifo, timeout) k_queue_get(&(fifo)->_queue, (timeout))
#define k_fifo_is_empty(fifo) k_queue_is_empty(&(fifo)->_queue)
#define k_fifo_peek_head(fifo) k_queue_peek_head(&(fifo)->_queue)
#define k_fifo_peek_tail(fifo) k_queue_peek_tail(&(fifo)->_queue)

#define k_lifo_init(lifo) k_queue_init(&(lifo)->_queue)
#define k_lifo_put(lifo, data) k_queue_prepend(&(lifo)->_queue, (data))
#define k_lifo_get(lifo, timeout) k_queue_get(&(lifo)->_queue, (timeout))

// ---------------------------------------------------------------------------
// Memory slabs: fixed blocks carved lazily from a static buffer, so a
// K_MEM_SLAB_DEFINE needs no start-up code. Free blocks are linked through
// their first word.

struct k_mem_slab {
    const char *name; // for leak reports; NULL unless statically defined
    char *buffer;
    size_t block_size;
    uint32_t num_blocks;
    uint32_t num_used;
    uint32_t max_used;
    uint32_t num_carved; // blocks ever handed out; the rest are untouched
    void *free_list;
    struct k_mem_slab *next_slab; // registry for the debug hooks
    bool registered;
};

#define MP_ZB_SLAB_ALIGN(align) ((align) > sizeof(void *) ? (size_t)(align) : sizeof(void *))
#define MP_ZB_SLAB_BLOCK_SIZE(size, align) \
    (((size_t)(size) + MP_ZB_SLAB_ALIGN(align) - 1) / MP_ZB_SLAB_ALIGN(align) * MP_ZB_SLAB_ALIGN(align))
#define Z_MEM_SLAB_INITIALIZER(_name, slab_buffer, slab_block_size, slab_num_blocks) { \
        .name = #_name, \
        .buffer = (char *)(slab_buffer), \
        .block_size = (slab_block_size), \
        .num_blocks = (slab_num_blocks), \
}
#define MP_ZB_MEM_SLAB_DEFINE(storage, name, slab_block_size, slab_num_blocks, slab_align) \
    static char mp_zb_slab_buf_##name[(slab_num_blocks) * MP_ZB_SLAB_BLOCK_SIZE(slab_block_size, slab_align)] \
    __attribute__((aligned(MP_ZB_SLAB_ALIGN(slab_align)))); \
    storage struct k_mem_slab name = Z_MEM_SLAB_INITIALIZER(name, mp_zb_slab_buf_##name, \
    MP_ZB_SLAB_BLOCK_SIZE(slab_block_size, slab_align), slab_num_blocks)
#define K_MEM_SLAB_DEFINE(name, slab_block_size, slab_num_blocks, slab_align) \
    MP_ZB_MEM_SLAB_DEFINE(, name, slab_block_size, slab_num_blocks, slab_align)
#define K_MEM_SLAB_DEFINE_STATIC(name, slab_block_size, slab_num_blocks, slab_align) \
    MP_ZB_MEM_SLAB_DEFINE(static, name, slab_block_size, slab_num_blocks, slab_align)

// -EINVAL if blocks cannot hold the link or the buffer is misaligned.
int k_mem_slab_init(struct k_mem_slab *slab, void *buffer, size_t block_size, uint32_t num_blocks);
// 0; -ENOMEM with K_NO_WAIT; -EAGAIN when the wait timed out. *mem is NULL
// on failure.
int k_mem_slab_alloc(struct k_mem_slab *slab, void **mem, k_timeout_t timeout);
void k_mem_slab_free(struct k_mem_slab *slab, void *mem);
static inline uint32_t k_mem_slab_num_used_get(struct k_mem_slab *slab) {
    return slab->num_used;
}
static inline uint32_t k_mem_slab_num_free_get(struct k_mem_slab *slab) {
    return slab->num_blocks - slab->num_used;
}
static inline uint32_t k_mem_slab_max_used_get(struct k_mem_slab *slab) {
    return slab->max_used;
}

// ---------------------------------------------------------------------------
// Heaps. A k_heap is a byte budget over the port's heap, not an arena: no
// RAM is reserved until something is allocated. k_malloc uses the system
// heap, bounded by CONFIG_HEAP_MEM_POOL_SIZE when that is set and non-zero.

struct k_heap {
    size_t limit;
    size_t used;
    uint32_t allocs;
    struct k_heap *next_heap; // registry for the debug hooks
    bool registered;
};

#define Z_HEAP_INITIALIZER(bytes) { .limit = (bytes) }
#define K_HEAP_DEFINE(name, bytes) struct k_heap name = Z_HEAP_INITIALIZER(bytes)
#define K_HEAP_DEFINE_NOCACHE(name, bytes) K_HEAP_DEFINE(name, bytes)

#ifndef K_HEAP_MEM_POOL_SIZE
#if defined(CONFIG_HEAP_MEM_POOL_SIZE)
#define K_HEAP_MEM_POOL_SIZE CONFIG_HEAP_MEM_POOL_SIZE
#else
#define K_HEAP_MEM_POOL_SIZE 0
#endif
#endif

// max_align_t's alignment, without needing C11 (MicroPython builds with
// -std=gnu99).
union mp_zb_max_align {
    long long ll;
    long double ld;
    void *p;
    void (*fn)(void);
};
#define MP_BLUETOOTH_ZEPHYR_HEAP_ALIGN (__alignof__(union mp_zb_max_align))

// The memory argument is ignored: allocations come from the port's heap.
void k_heap_init(struct k_heap *h, void *mem, size_t bytes);
// NULL if over budget or the port is out of memory after the timeout.
// Alignments above MP_BLUETOOTH_ZEPHYR_HEAP_ALIGN are not supported (NULL).
void *k_heap_alloc(struct k_heap *h, size_t bytes, k_timeout_t timeout);
void *k_heap_aligned_alloc(struct k_heap *h, size_t align, size_t bytes, k_timeout_t timeout);
void *k_heap_calloc(struct k_heap *h, size_t num, size_t size, k_timeout_t timeout);
void k_heap_free(struct k_heap *h, void *mem);

void *k_malloc(size_t size);
void *k_calloc(size_t nmemb, size_t size);
void *k_aligned_alloc(size_t align, size_t size);
void k_free(void *ptr);

// ---------------------------------------------------------------------------
// Random numbers (Zephyr's sys/random.h names), from the port hook.

static inline void sys_rand_get(void *dst, size_t len) {
    mp_bluetooth_zephyr_port_random((uint8_t *)dst, len);
}
static inline int sys_csrand_get(void *dst, size_t len) {
    mp_bluetooth_zephyr_port_random((uint8_t *)dst, len);
    return 0;
}
static inline uint32_t sys_rand32_get(void) {
    uint32_t r;
    mp_bluetooth_zephyr_port_random((uint8_t *)&r, sizeof(r));
    return r;
}

#ifdef __cplusplus
}
#endif

#endif // MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_HAL_H

// Internal interfaces between the HAL's own source files.

#ifndef MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_HAL_INTERNAL_H
#define MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_HAL_INTERNAL_H

#include "zephyr_ble_hal.h"

#define MP_ZB_CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

// Deadline that never comes (a K_FOREVER delay).
#define MP_ZB_NEVER INT64_MAX

// Current context: the running work queue's thread, or the main thread.
extern struct k_thread *mp_zb_current;
extern struct k_thread mp_zb_main_thread;

// True if the context is suspended in an outer frame below the current one,
// so nothing it holds can be released before the current frame returns.
bool mp_zb_context_suspended(struct k_thread *thread);

int64_t mp_zb_now(void);
// Absolute deadline in ms for a timeout; MP_ZB_NEVER for K_FOREVER.
int64_t mp_zb_deadline(k_timeout_t timeout);
// Asks the port for a pass unless one is running (it will then look at the
// next timeout itself).
void mp_zb_wake(void);

// Blocking: calls try_take(arg) until it succeeds (it acquires what it
// checks), running poll passes and port_idle in between. Returns 0, -EBUSY
// for K_NO_WAIT, or -EAGAIN on timeout (including a capped K_FOREVER).
typedef bool (*mp_zb_try_t)(void *arg);
int mp_zb_wait(mp_zb_try_t try_take, void *arg, k_timeout_t timeout);

// The sorted timeout list shared by timers and delayable work.
void mp_zb_timeout_arm(struct mp_zb_timeout *t, int64_t deadline);
// Returns whether it was armed.
bool mp_zb_timeout_disarm(struct mp_zb_timeout *t);

// Called by the pass for expired timeouts (already disarmed).
void mp_zb_dwork_expired(struct mp_zb_timeout *t);
void mp_zb_timer_expired(struct mp_zb_timeout *t, int64_t now);
// Timer expiry functions run "in an interrupt"; handlers and the transport
// never do, even when a pass runs inside an expiry function.
extern uint8_t mp_zb_isr_depth;

// Runs up to budget runnable work items; returns true if runnable work is
// left over.
bool mp_zb_work_run(unsigned int budget);
size_t mp_zb_work_queued(void);
void mp_zb_work_deinit(void);
void mp_zb_work_queue_abort(struct k_work_q *queue);

#endif // MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_HAL_INTERNAL_H

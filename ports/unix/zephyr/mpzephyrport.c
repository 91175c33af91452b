// The unix port's side of the Zephyr BLE host: the port hooks of hal/zephyr_ble_hal.h and
// hci/zephyr_ble_h4.h over POSIX, the tty in $MICROPYBTUART as the H4 byte stream (as the
// NimBLE unix build opens it), and a thread that schedules mp_bluetooth_zephyr_poll() every
// millisecond, so all host work runs from MicroPython's scheduler on the main thread. When that
// thread sits in a blocking call (a read of stdin, time.sleep, select), the poll thread interrupts
// it with a signal: MicroPython's unix port runs pending callbacks on EINTR and retries the call,
// so the host keeps running, as on a board whose idle loop runs the scheduler.

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "py/runtime.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "extmod/modbluetooth.h"
#include "zephyr_ble_hal.h"
#include "zephyr_ble_log.h"
#include "zephyr_ble_h4.h"
#include "zephyr_ble_hci_guard.h"
#include "modbluetooth_zephyr.h"

// Host log lines go to stderr, at most at this level (1 error .. 4 debug; 0 none). Errors only
// by default: run-multitests.py compares an instance's whole output.
#ifndef MICROPY_BLUETOOTH_ZEPHYR_UNIX_LOG_LEVEL
#define MICROPY_BLUETOOTH_ZEPHYR_UNIX_LOG_LEVEL (1)
#endif

static int mp_zb_hci_fd = -1;

// ---------------------------------------------------------------------------
// The poll thread: it only asks the scheduler for a pass; the host never runs on it.

static pthread_t mp_zb_poll_thread_id;
static pthread_t mp_zb_main_thread_id;
static volatile bool mp_zb_poll_thread_run;
static volatile bool mp_zb_poll_scheduled;

// A pass the scheduler has not run this long after it was asked for means the main thread is
// blocked in a system call: the signal ends the call with EINTR. Real-time signals are free in
// MicroPython's unix port but for the one its thread GC may use (SIGRTMIN + 5).
#define MP_ZB_WAKE_SIGNAL (SIGRTMIN + 7)
#define MP_ZB_WAKE_AFTER_US (5000)

static mp_obj_t mp_zb_poll_task(mp_obj_t none_in) {
    (void)none_in;
    MICROPY_PY_BLUETOOTH_ENTER
    mp_zb_poll_scheduled = false;
    MICROPY_PY_BLUETOOTH_EXIT
    mp_bluetooth_zephyr_poll();
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(mp_zb_poll_task_obj, mp_zb_poll_task);

static void mp_zb_wake_handler(int sig) {
    // Nothing to do: the interrupted call's EINTR is the point.
    (void)sig;
}

static void *mp_zb_poll_thread(void *arg) {
    (void)arg;
    unsigned waited_us = 0;
    while (mp_zb_poll_thread_run) {
        MICROPY_PY_BLUETOOTH_ENTER
        bool pending = mp_zb_poll_scheduled;
        if (!pending) {
            mp_zb_poll_scheduled = mp_sched_schedule(MP_OBJ_FROM_PTR(&mp_zb_poll_task_obj), mp_const_none);
        }
        MICROPY_PY_BLUETOOTH_EXIT
        waited_us = pending ? waited_us + 1000 : 0;
        if (waited_us >= MP_ZB_WAKE_AFTER_US) {
            pthread_kill(mp_zb_main_thread_id, MP_ZB_WAKE_SIGNAL);
            waited_us = 0;
        }
        usleep(1000);
    }
    return NULL;
}

void mp_bluetooth_zephyr_port_start(void) {
    if (mp_zb_poll_thread_run) {
        return;
    }
    // No SA_RESTART: the blocking call must return EINTR, not resume.
    struct sigaction sa = { .sa_handler = mp_zb_wake_handler };
    sigemptyset(&sa.sa_mask);
    sigaction(MP_ZB_WAKE_SIGNAL, &sa, NULL);
    mp_zb_main_thread_id = pthread_self();
    mp_zb_poll_scheduled = false;
    mp_zb_poll_thread_run = true;
    pthread_create(&mp_zb_poll_thread_id, NULL, mp_zb_poll_thread, NULL);
}

void mp_bluetooth_zephyr_port_stop(void) {
    if (!mp_zb_poll_thread_run) {
        return;
    }
    mp_zb_poll_thread_run = false;
    pthread_join(mp_zb_poll_thread_id, NULL);
}

// ---------------------------------------------------------------------------
// HAL hooks.

unsigned int mp_bluetooth_zephyr_port_irq_lock(void) {
    // The host only ever runs on the main thread: nothing to lock out.
    return 0;
}

void mp_bluetooth_zephyr_port_irq_unlock(unsigned int key) {
    (void)key;
}

uint64_t mp_bluetooth_zephyr_port_ticks_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void mp_bluetooth_zephyr_port_poll(void) {
    mp_bluetooth_zephyr_h4_poll();
}

void mp_bluetooth_zephyr_port_idle(void) {
    if (mp_zb_hci_fd < 0) {
        usleep(1000);
        return;
    }
    struct pollfd p = { .fd = mp_zb_hci_fd, .events = POLLIN };
    poll(&p, 1, 1);
}

void mp_bluetooth_zephyr_port_wake(void) {
    // The poll thread asks for a pass every millisecond anyway.
}

void mp_bluetooth_zephyr_port_random(uint8_t *buf, size_t len) {
    while (len > 0) {
        ssize_t n = getrandom(buf, len, 0);
        if (n <= 0) {
            // No entropy source: still random enough for the host's non-key uses.
            for (; len > 0; --len) {
                *buf++ = (uint8_t)rand();
            }
            return;
        }
        buf += n;
        len -= n;
    }
}

void *mp_bluetooth_zephyr_port_malloc(size_t size) {
    // Outside the GC heap: the host keeps these pointers where the GC cannot see them.
    return malloc(size);
}

void mp_bluetooth_zephyr_port_free(void *ptr) {
    free(ptr);
}

void mp_bluetooth_zephyr_port_fatal(void) {
    mp_bluetooth_zephyr_host_fault();
}

void mp_bluetooth_zephyr_port_log(int level, const char *module, const char *fmt, ...) {
    if (level > MICROPY_BLUETOOTH_ZEPHYR_UNIX_LOG_LEVEL) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "zephyr %s %s: ", mp_bluetooth_zephyr_log_level_name(level), module);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

// ---------------------------------------------------------------------------
// H4 byte stream: the tty named by $MICROPYBTUART, raw, 1 Mbaud, RTS/CTS (ignored by a pty).

int mp_bluetooth_zephyr_port_hci_open(void) {
    const char *path = getenv("MICROPYBTUART");
    if (path == NULL) {
        path = "/dev/ttyUSB0";
    }
    mp_zb_hci_fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (mp_zb_hci_fd < 0) {
        fprintf(stderr, "zephyr_ble: cannot open HCI UART %s: %s\n", path, strerror(errno));
        return -ENODEV;
    }
    struct termios t;
    if (tcgetattr(mp_zb_hci_fd, &t) == 0) {
        cfmakeraw(&t);
        t.c_cflag |= CREAD | CLOCAL | CRTSCTS;
        cfsetospeed(&t, B1000000);
        cfsetispeed(&t, B1000000);
        tcsetattr(mp_zb_hci_fd, TCSANOW, &t);
    }
    // What a previous session left unread belongs to it.
    tcflush(mp_zb_hci_fd, TCIFLUSH);
    return 0;
}

void mp_bluetooth_zephyr_port_hci_close(void) {
    if (mp_zb_hci_fd >= 0) {
        close(mp_zb_hci_fd);
        mp_zb_hci_fd = -1;
    }
}

int mp_bluetooth_zephyr_port_hci_read(uint8_t *buf, size_t len) {
    if (mp_zb_hci_fd < 0) {
        return -ENODEV;
    }
    ssize_t n = read(mp_zb_hci_fd, buf, len);
    if (n < 0) {
        return errno == EAGAIN || errno == EINTR ? 0 : -errno;
    }
    return (int)n;
}

int mp_bluetooth_zephyr_port_hci_write(const uint8_t *buf, size_t len) {
    if (mp_zb_hci_fd < 0) {
        return -ENODEV;
    }
    while (len > 0) {
        ssize_t n = write(mp_zb_hci_fd, buf, len);
        if (n < 0) {
            if (errno != EAGAIN && errno != EINTR) {
                return -errno;
            }
            struct pollfd p = { .fd = mp_zb_hci_fd, .events = POLLOUT };
            poll(&p, 1, 10);
            continue;
        }
        buf += n;
        len -= n;
    }
    return 0;
}

// ---------------------------------------------------------------------------
// _zephyr_ble: debug counters for leak tests (net_buf pools, work items, connections, H4).

static mp_obj_t mp_zb_stats(void) {
    struct mp_bluetooth_zephyr_stats s;
    mp_bluetooth_zephyr_get_stats(&s);
    mp_obj_t dict = mp_obj_new_dict(13);
    #define MP_ZB_STAT(name) mp_obj_dict_store(dict, MP_OBJ_NEW_QSTR(MP_QSTR_##name), mp_obj_new_int_from_uint(s.name))
    MP_ZB_STAT(net_buf_free);
    MP_ZB_STAT(net_buf_total);
    MP_ZB_STAT(net_buf_pools);
    MP_ZB_STAT(work_queued);
    MP_ZB_STAT(work_delayed);
    MP_ZB_STAT(conns);
    MP_ZB_STAT(events_dropped);
    MP_ZB_STAT(settings_entries);
    MP_ZB_STAT(h4_rx_packets);
    MP_ZB_STAT(h4_tx_packets);
    MP_ZB_STAT(h4_rx_dropped_bytes);
    MP_ZB_STAT(hci_cmd_timeouts);
    MP_ZB_STAT(host_faults);
    #undef MP_ZB_STAT
    return dict;
}
static MP_DEFINE_CONST_FUN_OBJ_0(mp_zb_stats_obj, mp_zb_stats);

// fault(): a fault inside the host's next pass, as a failed assertion would raise it there (for the
// fault tests: what follows must be what follows any host fault).
static struct k_work mp_zb_fault_work;

static void mp_zb_fault_handler(struct k_work *work) {
    (void)work;
    k_oops();
}

static mp_obj_t mp_zb_fault(void) {
    k_work_init(&mp_zb_fault_work, mp_zb_fault_handler);
    k_work_submit(&mp_zb_fault_work);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(mp_zb_fault_obj, mp_zb_fault);

// hold_events(b): while True, events queue up without reaching Python, as in one long pass of the
// host (for the tests of a full event queue).
static mp_obj_t mp_zb_hold_events(mp_obj_t hold) {
    mp_bluetooth_zephyr_hold_events(mp_obj_is_true(hold));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(mp_zb_hold_events_obj, mp_zb_hold_events);

static const mp_rom_map_elem_t mp_module_zephyr_ble_debug_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__zephyr_ble) },
    { MP_ROM_QSTR(MP_QSTR_stats), MP_ROM_PTR(&mp_zb_stats_obj) },
    { MP_ROM_QSTR(MP_QSTR_fault), MP_ROM_PTR(&mp_zb_fault_obj) },
    { MP_ROM_QSTR(MP_QSTR_hold_events), MP_ROM_PTR(&mp_zb_hold_events_obj) },
};
static MP_DEFINE_CONST_DICT(mp_module_zephyr_ble_debug_globals, mp_module_zephyr_ble_debug_globals_table);

const mp_obj_module_t mp_module_zephyr_ble_debug = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&mp_module_zephyr_ble_debug_globals,
};

MP_REGISTER_MODULE(MP_QSTR__zephyr_ble, mp_module_zephyr_ble_debug);

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

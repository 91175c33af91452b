// Zephyr's settings API for the host (bonds, identities, CCC state): the entries live in RAM, and
// every change is marked until the binding flushes it to MicroPython's secret IRQs, which put the
// entries back before the next load. There is no storage backend.
// Copied by zblegen from templates/zephyr_ble/zephyr_ble_settings.c; edit it there.

#include <string.h>
#include <zephyr/kernel.h>
#include <zephyr/settings/settings.h>
#include "zephyr_ble_settings.h"

#if defined(CONFIG_SETTINGS)

// One entry: its name (NUL-terminated), then its value. A deleted entry stays, without a value, until
// its deletion is flushed.
struct mp_zb_setting {
    struct mp_zb_setting *next;
    size_t len;
    bool changed; // not yet flushed
    bool deleted;
    char name[];
};

static struct mp_zb_setting *mp_zb_settings;

static const uint8_t *mp_zb_setting_value(const struct mp_zb_setting *s) {
    return (const uint8_t *)s->name + strlen(s->name) + 1;
}

static struct mp_zb_setting **mp_zb_setting_find(const char *name) {
    struct mp_zb_setting **at = &mp_zb_settings;
    while (*at != NULL && strcmp((*at)->name, name) != 0) {
        at = &(*at)->next;
    }
    return at;
}

__attribute__((weak)) void mp_bluetooth_zephyr_port_settings_load(void) {
}

static int mp_zb_settings_store(const char *name, const void *value, size_t len, bool changed) {
    struct mp_zb_setting **at = mp_zb_setting_find(name);
    struct mp_zb_setting *old = *at;
    if (len == 0 && (old == NULL || !changed)) {
        // Nothing to report: forget it now.
        if (old != NULL) {
            *at = old->next;
            k_free(old);
        }
        return 0;
    }
    size_t name_size = strlen(name) + 1;
    struct mp_zb_setting *s = k_malloc(sizeof(*s) + name_size + len);
    if (s == NULL) {
        return -ENOMEM;
    }
    s->len = len;
    s->changed = changed;
    s->deleted = len == 0;
    memcpy(s->name, name, name_size);
    if (len > 0) {
        memcpy(s->name + name_size, value, len);
    }
    // A replaced entry keeps its place, so loads see a stable order.
    s->next = old != NULL ? old->next : NULL;
    *at = s;
    k_free(old);
    return 0;
}

int mp_bluetooth_zephyr_settings_put(const char *name, const void *value, size_t len) {
    return mp_zb_settings_store(name, value, len, false);
}

bool mp_bluetooth_zephyr_settings_take_change(char *name, size_t name_size, uint8_t *record, size_t record_size, size_t *record_len) {
    for (struct mp_zb_setting **at = &mp_zb_settings; *at != NULL; at = &(*at)->next) {
        struct mp_zb_setting *s = *at;
        size_t name_len = strlen(s->name);
        if (!s->changed || name_len >= name_size || name_len + 1 + s->len > record_size) {
            continue;
        }
        memcpy(name, s->name, name_len + 1);
        *record_len = s->deleted ? 0 : name_len + 1 + s->len;
        memcpy(record, s->name, *record_len);
        s->changed = false;
        if (s->deleted) {
            *at = s->next;
            k_free(s);
        }
        return true;
    }
    return false;
}

bool mp_bluetooth_zephyr_settings_holds(const char *prefix) {
    size_t n = strlen(prefix);
    for (const struct mp_zb_setting *s = mp_zb_settings; s != NULL; s = s->next) {
        if (strncmp(s->name, prefix, n) == 0 && (s->name[n] == '\0' || s->name[n] == '/')) {
            return true;
        }
    }
    return false;
}

void mp_bluetooth_zephyr_settings_clear(void) {
    while (mp_zb_settings != NULL) {
        struct mp_zb_setting *s = mp_zb_settings;
        mp_zb_settings = s->next;
        k_free(s);
    }
}

size_t mp_bluetooth_zephyr_settings_count(void) {
    size_t n = 0;
    for (const struct mp_zb_setting *s = mp_zb_settings; s != NULL; s = s->next) {
        n += !s->deleted;
    }
    return n;
}

// Names are paths: "bt/keys/c0123456789a0". A key matches a name that is the key itself or the
// key followed by '/' (then *next is what follows) or by '=' (the end of a name on storage).
int settings_name_steq(const char *name, const char *key, const char **next) {
    if (next != NULL) {
        *next = NULL;
    }
    if (name == NULL || key == NULL) {
        return 0;
    }
    size_t n = strlen(key);
    if (strncmp(name, key, n) != 0) {
        return 0;
    }
    char after = name[n];
    if (after == SETTINGS_NAME_SEPARATOR) {
        if (next != NULL) {
            *next = &name[n + 1];
        }
        return 1;
    }
    return after == '\0' || after == SETTINGS_NAME_END;
}

// The length of the first element of a name; *next is the rest after a '/', or NULL.
int settings_name_next(const char *name, const char **next) {
    if (next != NULL) {
        *next = NULL;
    }
    if (name == NULL) {
        return 0;
    }
    size_t n = strcspn(name, "/=");
    if (name[n] == SETTINGS_NAME_SEPARATOR && next != NULL) {
        *next = &name[n + 1];
    }
    return (int)n;
}

int settings_subsys_init(void) {
    return 0;
}

int settings_save_one(const char *name, const void *value, size_t val_len) {
    return mp_zb_settings_store(name, value, val_len, true);
}

int settings_delete(const char *name) {
    return settings_save_one(name, NULL, 0);
}

struct mp_zb_setting_read {
    const struct mp_zb_setting *setting;
    size_t offset;
};

static ssize_t mp_zb_setting_read(void *cb_arg, void *data, size_t len) {
    struct mp_zb_setting_read *r = cb_arg;
    size_t n = MIN(len, r->setting->len - r->offset);
    memcpy(data, mp_zb_setting_value(r->setting) + r->offset, n);
    r->offset += n;
    return (ssize_t)n;
}

int settings_load_subtree_direct(const char *subtree, settings_load_direct_cb cb, void *param) {
    for (const struct mp_zb_setting *s = mp_zb_settings; s != NULL; s = s->next) {
        const char *next;
        if (!s->deleted && (subtree == NULL || settings_name_steq(s->name, subtree, &next))) {
            struct mp_zb_setting_read r = { .setting = s };
            if (cb(subtree == NULL ? s->name : next, s->len, mp_zb_setting_read, &r, param) != 0) {
                break;
            }
        }
    }
    return 0;
}

// The static handler with the longest name matching this entry, as Zephyr's settings core picks it.
static const struct settings_handler_static *mp_zb_settings_handler(const char *name, const char **next) {
    const struct settings_handler_static *best = NULL;
    size_t best_len = 0;
    STRUCT_SECTION_FOREACH(settings_handler_static, h) {
        const char *rest;
        size_t len = strlen(h->name);
        if (h->h_set != NULL && len >= best_len && settings_name_steq(name, h->name, &rest)) {
            best = h;
            best_len = len;
            *next = rest;
        }
    }
    return best;
}

int settings_commit(void) {
    // Lowest commit priority first, each priority once, in section order within one.
    int first_error = 0;
    int last = INT32_MIN;
    for (;;) {
        int prio = INT32_MAX;
        bool any = false;
        STRUCT_SECTION_FOREACH(settings_handler_static, h) {
            if (h->h_commit != NULL && h->cprio > last && h->cprio <= prio) {
                prio = h->cprio;
                any = true;
            }
        }
        if (!any) {
            return first_error;
        }
        STRUCT_SECTION_FOREACH(settings_handler_static, h) {
            if (h->h_commit != NULL && h->cprio == prio) {
                int err = h->h_commit();
                if (err != 0 && first_error == 0) {
                    first_error = err;
                }
            }
        }
        if (prio == INT32_MAX) {
            return first_error;
        }
        last = prio;
    }
}

int settings_load(void) {
    mp_bluetooth_zephyr_port_settings_load();
    for (const struct mp_zb_setting *s = mp_zb_settings; s != NULL; s = s->next) {
        const char *next = NULL;
        const struct settings_handler_static *h = s->deleted ? NULL : mp_zb_settings_handler(s->name, &next);
        if (h != NULL) {
            struct mp_zb_setting_read r = { .setting = s };
            h->h_set(next, s->len, mp_zb_setting_read, &r);
        }
    }
    return settings_commit();
}

#endif // CONFIG_SETTINGS

// C library functions the host calls that a port's C library may lack. MicroPython's stm32 port
// links without one (its shared/libc has no number parsing), and the host's settings code parses
// key names with strtoul: a port that lacks it defines MP_BLUETOOTH_ZEPHYR_PROVIDE_STRTOUL
// (bindings/build.json), everywhere else the C library's own is used. No <ctype.h>: newlib's
// classification tables need its locale code, which such a port does not link either.

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

unsigned long mp_bluetooth_zephyr_strtoul(const char *nptr, char **endptr, int base);

// A port without a C library has no errno either (newlib's needs __errno); the host never reads
// errno after strtoul, so there the range and base errors show in the result alone.
#if MP_BLUETOOTH_ZEPHYR_PROVIDE_STRTOUL
#define MP_ZB_SET_ERRNO(e) ((void)(e))
#else
#define MP_ZB_SET_ERRNO(e) (errno = (e))
#endif

// A digit's value in any base up to 36; 36 for anything else.
static int mp_zb_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'Z') {
        return c - 'A' + 10;
    }
    return 36;
}

// ISO C's strtoul: leading white space, an optional sign (a minus negates in unsigned
// arithmetic), base 0 takes a 0x or 0 prefix; out of range gives ULONG_MAX and ERANGE.
unsigned long mp_bluetooth_zephyr_strtoul(const char *nptr, char **endptr, int base) {
    const char *s = nptr;
    while (*s == ' ' || (*s >= '\t' && *s <= '\r')) {
        s++;
    }
    bool negative = false;
    if (*s == '+' || *s == '-') {
        negative = *s == '-';
        s++;
    }
    if (base < 0 || base == 1 || base > 36) {
        MP_ZB_SET_ERRNO(EINVAL);
        if (endptr != NULL) {
            *endptr = (char *)nptr;
        }
        return 0;
    }
    // "0x" counts as a prefix only when a hex digit follows; else the 0 is the number.
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && mp_zb_digit(s[2]) < 16) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = s[0] == '0' ? 8 : 10;
    }
    unsigned long value = 0;
    bool any = false;
    bool overflow = false;
    for (int d; (d = mp_zb_digit(*s)) < base; s++) {
        any = true;
        if (value > (ULONG_MAX - (unsigned long)d) / (unsigned long)base) {
            overflow = true;
        } else {
            value = value * (unsigned long)base + (unsigned long)d;
        }
    }
    if (endptr != NULL) {
        *endptr = (char *)(any ? s : nptr);
    }
    if (overflow) {
        MP_ZB_SET_ERRNO(ERANGE);
        return ULONG_MAX;
    }
    return negative ? -value : value;
}

#if MP_BLUETOOTH_ZEPHYR_PROVIDE_STRTOUL
unsigned long strtoul(const char *nptr, char **endptr, int base) __attribute__((alias("mp_bluetooth_zephyr_strtoul")));
#endif

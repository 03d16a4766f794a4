/* Test-only stand-ins for the parts of the runtime that format.c uses: rpy_str_alloc on
 * malloc, and rpy_raise_simple recording the exception kind and message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpy.h"

rpy_object *rpy_exc_value = NULL;

int test_exc_kind = -1;
char *test_exc_message = NULL;
int test_exc_count = 0;

rpy_str *rpy_str_alloc(Signed nbytes, Signed length) {
    if (nbytes < 0 || length < 0 || length > nbytes) {
        fprintf(stderr, "rpy_str_alloc: bad sizes %lld %lld\n", (long long)nbytes, (long long)length);
        abort();
    }
    rpy_str *s = malloc(sizeof(rpy_str) + (size_t)nbytes + 1);
    if (!s) abort();
    s->hdr.tid = RPY_TID_STR;
    s->hdr.gcflags = 0;
    s->length = length;
    s->nbytes = nbytes;
    s->hash = 0;
    s->index = NULL;
    memset(s->data, 0xAB, (size_t)nbytes + 1); /* the caller must write every byte and the NUL */
    return s;
}

void rpy_raise_simple(Signed kind, const char *message) {
    test_exc_count++;
    test_exc_kind = (int)kind;
    free(test_exc_message);
    size_t n = strlen(message);
    test_exc_message = malloc(n + 1);
    if (!test_exc_message) abort();
    memcpy(test_exc_message, message, n + 1);
}

void test_exc_clear(void) {
    test_exc_count = 0;
    test_exc_kind = -1;
    free(test_exc_message);
    test_exc_message = NULL;
}

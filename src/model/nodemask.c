#include "nodemask.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* One decimal node number at *p; false when there is none or it is too big. */
static bool node_number(const char **p, long *out)
{
	long v = 0;
	const char *s = *p;
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (*s++ - '0');
		if (v >= ML_MAX_NODES)
			return false;
	}
	*p = s;
	*out = v;
	return true;
}

int ml_nodemask_parse(const char *list, struct ml_nodemask *m, struct ml_error *err)
{
	memset(m, 0, sizeof(*m));
	const char *p = list ? list : "";
	if (!*p)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "node list is empty (nodes as 0-1,3)");
	while (*p) {
		long a, b;
		const char *at = p;
		if (!node_number(&p, &a))
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "node list '%.60s': '%.20s' is not a node number below %d (nodes as 0-1,3)",
					    list, at, ML_MAX_NODES);
		b = a;
		if (*p == '-') {
			p++;
			at = p;
			if (!node_number(&p, &b) || b < a)
				return ml_error_set(err, ML_EUSAGE, NULL, 0,
						    "node list '%.60s': range ending at '%.20s' is not a node number from %ld up to %d",
						    list, at, a, ML_MAX_NODES - 1);
		}
		for (long k = a; k <= b; k++)
			ml_nodemask_set(m, (int)k);
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			return ml_error_set(err, ML_EUSAGE, NULL, 0, "node list '%.60s': unexpected '%.20s' (nodes as 0-1,3)",
					    list, p);
	}
	return ML_OK;
}

void ml_nodemask_format(const struct ml_nodemask *m, char *buf, size_t n)
{
	size_t len = 0;
	if (n == 0)
		return;
	buf[0] = '\0';
	for (int a = 0; a < ML_MAX_NODES && len < n; a++) {
		if (!ml_nodemask_test(m, a))
			continue;
		int b = a;
		while (b + 1 < ML_MAX_NODES && ml_nodemask_test(m, b + 1))
			b++;
		int w = b > a ? snprintf(buf + len, n - len, "%s%d-%d", len ? "," : "", a, b)
			      : snprintf(buf + len, n - len, "%s%d", len ? "," : "", a);
		len += w > 0 ? (size_t)w : 0;
		a = b;
	}
}

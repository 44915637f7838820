/*
 * The journal reader (app/journal.h), fed whole files. Properties from its
 * contract: every non-empty line is either a record or a reported problem
 * (never silently dropped); every entry has a record; and an append after
 * any content (a torn last line included) adds exactly one record and loses
 * nothing already there.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzzlib.h"

#include "app/journal.h"

static size_t
nonempty_lines(const uint8_t *data, size_t size)
{
	size_t n = 0, len = 0;

	for (size_t i = 0; i < size; i++) {
		if (data[i] == '\n') {
			n += len > 0;
			len = 0;
		} else {
			len++;
		}
	}
	return n + (len > 0);
}

static struct journal_log *
read_checked(const struct journal *j)
{
	struct journal_log *log;
	char err[512] = "";

	FZ_CHECK(journal_read(j, &log, err, sizeof(err)) == 0);
	for (size_t i = 0; i < log->nproblems; i++) {
		FZ_CHECK(log->problems[i].line >= 1);
		FZ_CHECK(i == 0 || log->problems[i].line > log->problems[i - 1].line);
		FZ_CHECK(fz_touch(log->problems[i].message) > 0);
	}
	for (size_t i = 0; i < log->nentries; i++) {
		const struct journal_entry *e = &log->entries[i];

		FZ_CHECK(e->intent != NULL || e->outcome != NULL);
		if (e->intent != NULL && e->outcome != NULL)
			FZ_CHECK(strcmp(e->intent->id, e->outcome->id) == 0);
		(void)journal_entry_needs_reconcile(e);
	}
	return log;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	struct journal *j = journal_open(fz_write_file(data, size), err, sizeof(err));
	struct journal_log *before, *after;
	struct journal_record r = {
		.type = JOURNAL_OUTCOME, .id = "fuzz-appended", .time = 1710490530,
		.result = JOURNAL_OK, .how = JOURNAL_HOW_RESPONSE,
	};

	FZ_CHECK(j != NULL);
	before = read_checked(j);
	FZ_CHECK(before->nrecords + before->nproblems == nonempty_lines(data, size));
	FZ_CHECK(journal_append(j, &r, err, sizeof(err)) == 0);
	after = read_checked(j);
	FZ_CHECK(after->nrecords == before->nrecords + 1);
	FZ_CHECK(after->nproblems == before->nproblems);
	FZ_CHECK(strcmp(after->records[after->nrecords - 1].id, "fuzz-appended") == 0);
	journal_log_free(before);
	journal_log_free(after);
	journal_close(j);
	return 0;
}

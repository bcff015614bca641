/*
 * yaml_floor.c - the benchmark's floor: reads a file into memory and pulls
 * every libyaml event from it, doing nothing else. biblint cannot read a
 * CSL-YAML file faster than this; the benchmark reports its time as a
 * ratio to this program's.
 *
 * Usage: yaml_floor FILE   (prints the number of events)
 */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	FILE *f;
	char *buf;
	long size;
	size_t n;
	yaml_parser_t p;
	yaml_event_t e;
	unsigned long events = 0;
	int done = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: yaml_floor FILE\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		perror(argv[1]);
		return 2;
	}
	buf = malloc((size_t)size + 1);
	if (!buf)
		return 2;
	n = fread(buf, 1, (size_t)size, f);
	fclose(f);
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, n);
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) {
			fprintf(stderr, "yaml_floor: %s\n", p.problem ? p.problem : "error");
			return 1;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		events++;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	free(buf);
	printf("%lu\n", events);
	return 0;
}

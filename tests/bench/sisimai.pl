#!/usr/bin/perl
# sisimai.pl FILE...: Sisimai (Debian's libsisimai-perl) over every file in
# one process, the peer of `backstop check`.  Prints wall microseconds.
use strict;
use warnings;
use Sisimai;
use Time::HiRes qw(time);

my $t0 = time;
my $found = 0;
for my $file (@ARGV) {
	my $v = Sisimai->make($file);
	$found += scalar @$v if $v;
}
printf "%d %d\n", (time - $t0) * 1e6, $found;

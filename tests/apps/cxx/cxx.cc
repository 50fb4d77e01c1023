// SPDX-License-Identifier: GPL-2.0
/*
 * cxx: a C++ program with Debian's libstdc++.a: iostream, exceptions
 * thrown through several frames, std::thread with a mutex, and the STL
 * containers and algorithms.
 */
#include <algorithm>
#include <iostream>
#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ring.h"

static int depth(int n)
{
	if (n == 0)
		throw std::runtime_error("thrown 5 frames down");
	return depth(n - 1) + 1;
}

int main()
{
	std::cout << "cxx: cpl=" << cpl() << std::endl;

	try {
		depth(5);
	} catch (const std::exception &e) {
		std::cout << "cxx: caught: " << e.what() << std::endl;
	}

	std::mutex m;
	long total = 0;
	std::vector<std::thread> threads;
	for (int t = 0; t < 4; t++)
		threads.emplace_back([&m, &total, t] {
			for (int i = 0; i < 10000; i++) {
				std::lock_guard<std::mutex> g(m);
				total += t;
			}
		});
	for (auto &t : threads)
		t.join();
	std::cout << "cxx: 4 threads summed " << total << std::endl;

	std::vector<int> v(1000);
	std::iota(v.rbegin(), v.rend(), 0);
	std::sort(v.begin(), v.end());
	std::map<std::string, int> words;
	for (const char *w : { "ring", "zero", "ring", "kernel", "ring" })
		words[w]++;
	std::cout << "cxx: sorted " << (std::is_sorted(v.begin(), v.end()) ? "yes" : "no")
		  << ", sum " << std::accumulate(v.begin(), v.end(), 0L)
		  << ", 'ring' " << words["ring"] << " times of " << words.size() << " words"
		  << std::endl;
	return 0;
}

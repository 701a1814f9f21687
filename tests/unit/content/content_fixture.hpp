// A writable copy of tests/data/content that a test can break in one place.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "content/loader.hpp"

namespace cbe::content::testing {

class ContentFixture : public ::testing::Test {
  protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = std::filesystem::temp_directory_path() / ("cbe-content-" + std::to_string(rd()));
        std::filesystem::copy(std::string(CBE_SOURCE_DIR) + "/tests/data/content", dir_,
                              std::filesystem::copy_options::recursive);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string read(const std::string& file) const {
        std::ifstream in(dir_ / file);
        std::stringstream buffer;
        buffer << in.rdbuf();
        return buffer.str();
    }
    void write(const std::string& file, const std::string& text) const {
        std::ofstream(dir_ / file) << text;
    }
    // Replaces the first `from` in `file` with `to`; fails the test when `from` is absent.
    void edit(const std::string& file, const std::string& from, const std::string& to) const {
        std::string text = read(file);
        auto pos = text.find(from);
        ASSERT_NE(pos, std::string::npos) << from << " not in " << file;
        text.replace(pos, from.size(), to);
        write(file, text);
    }
    void remove(const std::string& file) const { std::filesystem::remove(dir_ / file); }

    LoadResult load() const { return load_content(dir_); }

    // True when exactly one reported problem is in `file` at `line` (0: any line) and
    // contains `text`.
    static ::testing::AssertionResult has_problem(const LoadResult& result, const std::string& file,
                                                  int line, const std::string& text) {
        std::string all;
        for (const auto& p : result.problems) {
            all += "\n  " + p.to_string();
            if (p.file == file && (line == 0 || p.line == line) &&
                p.message.find(text) != std::string::npos) {
                return ::testing::AssertionSuccess();
            }
        }
        return ::testing::AssertionFailure()
               << "no problem " << file << ":" << line << " '" << text << "' among:" << all;
    }

    std::filesystem::path dir_;
};

}  // namespace cbe::content::testing

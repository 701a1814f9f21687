// With --log-format json every line the server writes is one JSON object: start-up, warnings,
// errors, access lines and the stop (docs/operations.md, "Logs"). The real binary runs a
// journey that makes it warn (listening beyond loopback without --public-url, an email it could
// not deliver) and log errors (a content reload refused, from a folder whose name holds a quote
// and a byte that is not UTF-8), and the whole log is parsed line by line.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "integration/fixtures.hpp"
#include "integration/server_process.hpp"
#include "integration/smtp_sink.hpp"

namespace cbe::testing {

namespace fs = std::filesystem;

TEST(JsonLog, EveryLineTheServerWritesIsAJsonObject) {
    fs::path content = fs::temp_directory_path() / ("cbe-json-log-" + std::to_string(::getpid())) /
                       "content \"quoted\" \xff";
    fs::remove_all(content.parent_path());
    fs::create_directories(content.parent_path());
    fs::copy(std::string(CBE_SOURCE_DIR) + "/content", content, fs::copy_options::recursive);
    ServerProcess server({"--log-format", "json", "--content", content.string(), "--smtp-host",
                          "127.0.0.1", "--smtp-port", std::to_string(closed_port()), "--smtp-tls",
                          "none", "--smtp-from", "roadmap@example.org"},
                         "0.0.0.0:0");
    Client ada(server.port());
    ASSERT_EQ(post_sign_up(ada, "ada").status, 303);
    Client forgot(server.port());
    forgot.get("/password-reset");
    ASSERT_EQ(post_form(forgot, "/password-reset", "email=ada%40example.org").status, 303);
    ASSERT_TRUE(server.wait_for_log("email: "));
    // A content folder with a stage that has no name: the reload is refused, each problem an
    // error line naming the folder.
    {
        std::ifstream in(content / "roadmap.yaml");
        std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        yaml = std::regex_replace(yaml, std::regex("name: Entry"), "name: \"\"",
                                  std::regex_constants::format_first_only);
        std::ofstream(content / "roadmap.yaml") << yaml;
    }
    ::kill(server.pid(), SIGHUP);
    ASSERT_TRUE(server.wait_for_log("content reload refused"));
    std::string log = server.stop_and_read_log();
    fs::remove_all(content.parent_path());

    std::set<std::string> levels;
    size_t lines = 0, access = 0, naming_the_folder = 0;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);) {
        ++lines;
        boost::system::error_code ec;
        boost::json::value parsed = boost::json::parse(line, ec);
        ASSERT_FALSE(ec) << "not JSON: " << line;
        ASSERT_TRUE(parsed.is_object()) << line;
        const auto& object = parsed.as_object();
        ASSERT_TRUE(object.contains("time") && object.at("time").is_string()) << line;
        ASSERT_TRUE(object.contains("level") && object.at("level").is_string()) << line;
        levels.insert(std::string(object.at("level").as_string()));
        if (object.contains("type")) {
            EXPECT_EQ(object.at("type").as_string(), "access") << line;
            ++access;
            continue;
        }
        ASSERT_TRUE(object.contains("message") && object.at("message").is_string()) << line;
        std::string message(object.at("message").as_string());
        // The byte that is not UTF-8 reads as U+FFFD; the quotes as they are.
        if (message.find("content \"quoted\" \xEF\xBF\xBD") != std::string::npos) {
            ++naming_the_folder;
        }
    }
    EXPECT_GT(lines, access);
    EXPECT_GE(access, 3u);
    EXPECT_GE(naming_the_folder, 1u);
    for (const char* level : {"info", "warning", "error"}) {
        EXPECT_EQ(levels.count(level), 1u) << level << " never logged:\n" << log;
    }
    EXPECT_NE(log.find(R"("message":"stopped")"), std::string::npos) << log;
}

}  // namespace cbe::testing

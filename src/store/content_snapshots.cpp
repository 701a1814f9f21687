#include "store/content_snapshots.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>

#include "store/detail/with_session.hpp"

namespace cbe::store {

using detail::with_session;

namespace {
constexpr const char* kFingerprint = "SELECT fingerprint FROM content_snapshots WHERE version = :v";
constexpr const char* kFiles = "SELECT files FROM content_snapshots WHERE version = :v";
constexpr const char* kInsert =
    "INSERT INTO content_snapshots (version, fingerprint, files, created_at) "
    "VALUES (:v, :f, :files, :now)";
constexpr const char* kReplace =
    "UPDATE content_snapshots SET fingerprint = :f, files = :files, created_at = :now "
    "WHERE version = :v";
}  // namespace

Result<bool> ContentSnapshots::save(const std::string& version, const std::string& fingerprint,
                                    const content::ContentFiles& files, const std::string& now) {
    return with_session<bool>(*db_, "saving the content snapshot",
                              [&](soci::session& sql) -> Result<bool> {
                                  std::string kept;
                                  soci::indicator ind = soci::i_null;
                                  sql << kFingerprint, soci::use(version), soci::into(kept, ind);
                                  bool exists = sql.got_data();
                                  if (exists && kept == fingerprint) return false;
                                  boost::json::object json;
                                  for (const auto& [path, bytes] : files) json[path] = bytes;
                                  std::string text = boost::json::serialize(json);
                                  if (exists) {
                                      sql << kReplace, soci::use(fingerprint), soci::use(text),
                                          soci::use(now), soci::use(version);
                                  } else {
                                      sql << kInsert, soci::use(version), soci::use(fingerprint),
                                          soci::use(text), soci::use(now);
                                  }
                                  return exists;
                              });
}

Result<content::ContentFiles> ContentSnapshots::load(const std::string& version) {
    using Files = content::ContentFiles;
    return with_session<Files>(
        *db_, "loading a content snapshot", [&](soci::session& sql) -> Result<Files> {
            std::string text;
            soci::indicator ind = soci::i_null;
            sql << kFiles, soci::use(version), soci::into(text, ind);
            if (!sql.got_data())
                return fail(ErrorCode::kNotFound, "content version " + version + " is not kept");
            Files files;
            const boost::json::value parsed = boost::json::parse(text);  // must outlive the loop
            for (const auto& [path, bytes] : parsed.as_object()) {
                files.emplace(std::string(path), std::string(bytes.as_string()));
            }
            return files;
        });
}

}  // namespace cbe::store

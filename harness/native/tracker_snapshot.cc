// The heap snapshot of a window, serialised by V8 straight into a file from
// C++, so that no JS object is allocated while the figures are being taken
// (ARCHITECTURE.md, "The addon").
#include <v8-profiler.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "alloc_tracker.h"

namespace alloc_tracker {

namespace {

using v8::HeapSnapshot;
using v8::OutputStream;

class FileOutputStream final : public OutputStream {
 public:
  explicit FileOutputStream(FILE* file) : file_(file) {}
  void EndOfStream() override {}
  int GetChunkSize() override { return 1 << 16; }
  WriteResult WriteAsciiChunk(char* data, int size) override {
    if (std::fwrite(data, 1, static_cast<size_t>(size), file_) !=
        static_cast<size_t>(size)) {
      failed_ = true;
      return kAbort;
    }
    return kContinue;
  }
  bool failed() const { return failed_; }

 private:
  FILE* file_;
  bool failed_ = false;
};

}  // namespace

std::string WriteSnapshot(v8::Isolate* isolate, const std::string& path) {
  const HeapSnapshot* snapshot = isolate->GetHeapProfiler()->TakeHeapSnapshot();
  if (snapshot == nullptr) return "alloc_tracker: V8 returned no heap snapshot";
  std::string error;
  if (!path.empty()) {
    FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) {
      error = "alloc_tracker: cannot open " + path + ": " + std::strerror(errno);
    } else {
      FileOutputStream stream(file);
      snapshot->Serialize(&stream, HeapSnapshot::kJSON);
      bool closed = std::fclose(file) == 0;
      if (stream.failed() || !closed) {
        error = "alloc_tracker: cannot write " + path + ": " + std::strerror(errno);
      }
    }
  }
  const_cast<HeapSnapshot*>(snapshot)->Delete();
  return error;
}

}  // namespace alloc_tracker

// JSON text written from C++ (the profiles of tracker_sampling.cc and
// tracker_counting.cc), so that no JS object is allocated for it.
#include <cstdio>
#include <string>

#include "alloc_tracker.h"

namespace alloc_tracker {

void AppendJsonString(std::string& out, const std::string& text) {
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

std::string Utf8(v8::Isolate* isolate, v8::Local<v8::String> value) {
  if (value.IsEmpty()) return "";
  v8::String::Utf8Value utf8(isolate, value);
  return std::string(*utf8, utf8.length());
}

}  // namespace alloc_tracker

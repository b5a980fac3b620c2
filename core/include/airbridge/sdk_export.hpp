#pragma once
/// Marks what libairbridge_sdk exports: everything is built with hidden visibility, and plugins
/// link against the SDK, so its public types must be visible by name.
#define AIRBRIDGE_SDK_API __attribute__((visibility("default")))

#!/usr/bin/env python3
"""A STAND-IN for a model server such as `vllm serve`, for tests and demos: it serves no model.

Usage: stand-in-serve.py MODEL --port PORT [--delay SECONDS] [--unhealthy]

Answers GET /health and GET /v1/models with 200 (503 with --unhealthy, which never gets healthy),
and POST /v1/chat/completions with one fixed OpenAI-shaped completion. --delay waits before
listening, as a server loading weights does. Standard library only.
"""
import argparse
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWER = "<think>\nA stand-in server does not think.\n</think>\n\nThe answer is \\boxed{0}."


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--unhealthy", action="store_true")
    args = parser.parse_args()
    print(f"stand-in server (not a real model server) for {args.model}, pid {os.getpid()}, loading",
          flush=True)
    time.sleep(args.delay)

    class Handler(BaseHTTPRequestHandler):
        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path not in ("/health", "/v1/models"):
                self.reply(404, {"error": {"message": f"no route {self.path}"}})
            elif args.unhealthy:
                self.reply(503, {"error": {"message": "stand-in server is unhealthy on purpose"}})
            elif self.path == "/health":
                self.reply(200, {})
            else:
                self.reply(200, {"object": "list", "data": [
                    {"id": args.model, "object": "model", "owned_by": "stand-in"}]})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            request = json.loads(self.rfile.read(length) or b"{}")
            if self.path != "/v1/chat/completions":
                self.reply(404, {"error": {"message": f"no route {self.path}"}})
                return
            self.reply(200, {
                "id": "chatcmpl-stand-in",
                "object": "chat.completion",
                "created": 0,
                "model": request.get("model", args.model),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": ANSWER}}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30},
            })

        def log_message(self, format, *values):
            print(f"stand-in server: {format % values}", flush=True)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"stand-in server listening on http://127.0.0.1:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

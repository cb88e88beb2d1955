"""Helpers shared by the test suites: waits, databases, servers, a fake JWKS, the chat client.

Test modules import helpers from here, never from each other, so a test module holds tests.
"""

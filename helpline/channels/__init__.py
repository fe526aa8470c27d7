"""The webhooks people reach, by text and by phone, behind one request gate."""

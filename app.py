"""plankg's Streamlit front end (STUB: owned by the front-end work)."""

"""UU PDP (UU 27/2022): consent, the data subject's access and correction rights, retention."""

const root = document.getElementById('root');
if (root !== null) root.textContent = 'Block Registry';

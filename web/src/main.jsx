// The browser UI of Ura: a client of /api/v1 only. See App.jsx.
import { render } from 'preact';
import { App } from './App.jsx';
import './styles/app.css';

render(<App />, document.getElementById('app'));
